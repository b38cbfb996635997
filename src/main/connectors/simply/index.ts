import type { VendorDefinition } from '../types.ts';
import { SimplyConnector } from './connector.ts';
import { WebserviceSession } from './session.ts';

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
  create(ctx) {
    const username = ctx.settings.username ?? '';
    const session = new WebserviceSession(ctx.http, username, ctx.secrets.accessKey ?? '');
    return new SimplyConnector(session, username, ctx.metadata);
  },
};
