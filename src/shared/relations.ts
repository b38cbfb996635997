import { z } from 'zod';
import { recordSchema } from './fields.ts';

/**
 * A relation of a module: records of `module` whose reference field `field` holds the id of the record
 * being viewed (an account's contacts: module Contacts, field account_id).
 */
export const relationSchema = z.object({
  module: z.string(),
  field: z.string(),
  /** What the list is called on the record view ("Contacts", or "Accounts (Member of)"). */
  label: z.string(),
});
export type Relation = z.infer<typeof relationSchema>;

/** One relation with the first page of its records. */
export const relatedListSchema = relationSchema.extend({
  total: z.number().optional(),
  rows: z.array(recordSchema),
  hasMore: z.boolean(),
});
export type RelatedList = z.infer<typeof relatedListSchema>;

/** Rows per relation on a record view and in `crm related`. */
export const RELATED_PAGE_SIZE = 10;
