import { test } from './fixtures.ts';
import { runVendorFlow, type VendorCase } from './vendor-flow.ts';

// One module per vendor (docs/cli.md, "Module ids"), and SmartSimple's UTA Level 1 too: its company
// describes only text fields, while the level has the lookups and multi-selects. The flow asserts the
// simulator's own store after each write, and saves e2e/artifacts/<tag>-grid.png and <tag>-form.png.
const cases: VendorCase[] = [
  { vendor: 'simply', module: 'Accounts' },
  { vendor: 'simplicate', module: 'crm/organization' },
  { vendor: 'smartsimple', module: 'company' },
  { vendor: 'smartsimple', module: 'levelone', tag: 'smartsimple-levelone' },
  { vendor: 'sarv', module: 'Accounts' },
  { vendor: 'spotler', module: 'accounts' },
];

for (const c of cases) {
  test(`${c.tag ?? c.vendor}: connect, page, sort, filter, edit each type, vendor error, create, delete, inline edit`, async ({
    appPage,
    sim,
  }) => {
    test.setTimeout(120_000);
    await runVendorFlow(appPage, sim, c);
  });
}
