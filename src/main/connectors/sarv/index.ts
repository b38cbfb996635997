import type { VendorDefinition } from '../types.ts';
import { createSarvConnector } from './connector.ts';

/** SarvCRM API v5 (`{baseUrl}/API.php?method=...`): settings and secrets as docs/vendors.md names them. */
export const sarvVendor: VendorDefinition = {
  id: 'sarv',
  label: 'SarvCRM',
  settings: [
    { name: 'utype', label: 'Account (utype)', kind: 'text', required: true, help: 'Your SarvCRM instance key' },
    { name: 'username', label: 'User name', kind: 'text', required: true },
    {
      name: 'language',
      label: 'Language of field labels',
      kind: 'select',
      required: false,
      options: ['fa_IR', 'en_US'],
      default: 'fa_IR',
    },
  ],
  secrets: [{ name: 'password', label: 'Password' }],
  // The doc states no rate limit; stay at a conservative 300 requests a minute (the simulator's limit).
  rateLimit: { requests: 300, perMs: 60_000 },
  create: createSarvConnector,
};
