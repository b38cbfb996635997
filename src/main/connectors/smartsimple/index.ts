import type { VendorDefinition } from '../types.ts';
import { VENDOR_LABEL } from './api.ts';
import { createSmartSimpleConnector } from './connector.ts';
import { joinTokenSecrets, splitTokenSecrets } from './settings.ts';

/** SmartSimple SmartConnect (docs/vendors.md: settings alias, companyid, username, functions; secret password). */
export const smartsimpleVendor: VendorDefinition = {
  id: 'smartsimple',
  label: VENDOR_LABEL,
  settings: [
    {
      name: 'alias',
      label: 'Alias',
      kind: 'text',
      required: true,
      help: 'The web alias of the instance (Global Settings -> Branding)',
    },
    { name: 'companyid', label: 'Root company id', kind: 'text', required: true },
    { name: 'username', label: 'API user email', kind: 'text', required: true },
    {
      name: 'functions',
      label: 'SmartConnect functions',
      kind: 'json',
      required: true,
      help: 'JSON list of {recordType, action, apitoken, fieldList}; fieldList separates fields with ;;',
    },
  ],
  secrets: [{ name: 'password', label: 'API user password' }],
  // Doc, "Hourly API Call Limit": 1000 calls per instance in any hour.
  rateLimit: { requests: 1000, perMs: 3_600_000 },
  // docs/cli.md, "Secrets": the per-function API tokens are kept like secrets and masked in the settings.
  splitSecrets: splitTokenSecrets,
  joinSecrets: joinTokenSecrets,
  create: createSmartSimpleConnector,
};
