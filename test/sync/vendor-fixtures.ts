import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConnectorFixture } from '../connectors/fixture.ts';
import type { VendorId } from '../../src/shared/crm-vendors.ts';

export const vendors: VendorId[] = ['simply', 'simplicate', 'smartsimple', 'sarv', 'spotler'];

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Whether the vendor's simulator, connector and contract fixture have landed (the suites skip it until then). */
export function vendorReady(vendor: VendorId): boolean {
  return [
    `sim/${vendor}/index.ts`,
    `src/main/connectors/${vendor}/index.ts`,
    `test/connectors/fixtures/${vendor}.ts`,
  ].every((p) => existsSync(root + p));
}

/** The vendor's contract fixture: the module, a text field and valid create data, in normalized names. */
export async function loadFixture(vendor: VendorId): Promise<ConnectorFixture> {
  const mod = (await import(`../connectors/fixtures/${vendor}.ts`)) as { fixture: ConnectorFixture };
  return mod.fixture;
}
