import type { VendorId, VendorInfo } from '../../shared/crm-vendors.ts';
import type { ConnectorConfig } from '../connectors/registry.ts';
import type { Connector, VendorDefinition } from '../connectors/types.ts';

/** What the services need of the connector registry; tests may hand in their own. */
export interface VendorCatalog {
  definition(id: VendorId): VendorDefinition;
  infos(): VendorInfo[];
  createConnector(cfg: ConnectorConfig): Connector;
}

/** The real registry, imported on demand (it pulls in every vendor's connector). */
export async function loadVendorCatalog(): Promise<VendorCatalog> {
  const registry = await import('../connectors/registry.ts');
  return {
    definition: registry.vendorDefinition,
    infos: registry.vendorInfos,
    createConnector: registry.createConnector,
  };
}
