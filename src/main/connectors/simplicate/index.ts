import type { VendorDefinition } from '../types.ts';
import { createSimplicateConnector } from './connector.ts';

/**
 * Simplicate API v2. Base URL: the part before `/api/v2` (`https://{yourdomain}.simplicate.nl`).
 * No settings; the API key and secret are secrets (docs/vendors.md, settings and secrets).
 */
export const simplicateVendor: VendorDefinition = {
  id: 'simplicate',
  label: 'Simplicate',
  settings: [],
  secrets: [
    { name: 'apiKey', label: 'API key' },
    { name: 'apiSecret', label: 'API secret' },
  ],
  // Doc "Rate Limiting": "expect to be able to make at least 60 requests per minute", 429 beyond.
  rateLimit: { requests: 60, perMs: 60_000 },
  create: (ctx) => createSimplicateConnector(ctx),
};
