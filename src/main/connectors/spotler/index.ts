import type { VendorDefinition } from '../types.ts';
import { createSpotlerConnector } from './connector.ts';

export const spotlerVendor: VendorDefinition = {
  id: 'spotler',
  label: 'SpotlerCRM',
  settings: [],
  secrets: [{ name: 'accessToken', label: 'API v4 access token' }],
  // No client-side limit: the doc speaks of a per-account "call limit" with usage alerts but states no
  // rate; a 429 is still honoured by the HTTP layer.
  create: createSpotlerConnector,
};
