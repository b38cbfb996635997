import type { RecordData } from '../../src/shared/fields.ts';
import type { FilterOp } from '../../src/shared/query.ts';
import type { VendorId } from '../../src/shared/crm-vendors.ts';

/**
 * What the shared connector contract suite (contract.test.ts) needs to know about one vendor. Everything
 * else it learns from the connector itself (describe, modules), as the app does.
 */
export interface ConnectorFixture {
  vendor: VendorId;
  /** Module ids docs/cli.md requires this vendor to serve. */
  requiredModules: string[];
  /** The module the CRUD and filter tests run on. */
  module: string;
  /** A text field of `module` with varied values (filters, sort). */
  textField: string;
  /** A numeric or date field of `module` for range filters, if the vendor can filter on one. */
  rangeField?: string;
  /** A valid record for `create`, in normalized flat field names. */
  createData: RecordData;
  /** A mandatory field: create without it must fail with a validation error naming it. */
  mandatoryField: string;
  /** A change for `update`. */
  updateData: RecordData;
  /** Operators the vendor cannot express on `textField` (the connector must refuse them as unsupported). */
  unsupportedTextOps?: FilterOp[];
  /** Whether `delete` works on `module`. */
  canDelete: boolean;
  /**
   * Vendor requests one page of `list` needs when metadata is cached (default 1): a vendor whose count
   * is a query of its own needs 2.
   */
  listRequests?: number;
}
