import type { VendorDefinition } from '../types.ts';
import { createSimplyConnector } from './connector.ts';

/**
 * Simply CRM, a vtiger fork: vtiger's webservice at `{baseUrl}/webservice.php`. The base URL is the
 * folder that holds webservice.php. No request rate is documented (docs/vendors.md), so no
 * client-side limiter is configured.
 */
export const simplyVendor: VendorDefinition = {
  id: 'simply',
  label: 'Simply CRM',
  settings: [
    {
      name: 'username',
      label: 'User name',
      kind: 'text',
      required: true,
      help: 'The Simply CRM user whose webservice access key you enter below',
    },
  ],
  secrets: [{ name: 'accessKey', label: 'Access key (My Preferences → Access Key)' }],
  create: createSimplyConnector,
};
