import { test } from './fixtures.ts';
import { runVendorFlow, type VendorCase } from './vendor-flow.ts';

// One module per vendor (DESIGN.md module ids). The flow asserts the simulator's own store after each
// write, and saves e2e/artifacts/<vendor>-grid.png and <vendor>-form.png.
const cases: VendorCase[] = [
  { vendor: 'simply', module: 'Accounts' },
  { vendor: 'simplicate', module: 'crm/organization' },
  { vendor: 'smartsimple', module: 'company' },
  { vendor: 'sarv', module: 'Accounts' },
  { vendor: 'spotler', module: 'accounts' },
];

for (const c of cases) {
  test(`${c.vendor}: connect, page, sort, filter, edit each type, vendor error, create, delete, inline edit`, async ({
    appPage,
    sim,
  }) => {
    test.setTimeout(120_000);
    await runVendorFlow(appPage, sim, c);
  });
}
