import { z } from 'zod';
import { filterSchema, MAX_PAGE_SIZE, sortSchema } from './query.ts';

/** A saved view of a module's grid: which columns in which order and widths, filters, sort, page size. */
export const viewNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a view name cannot hold control characters');

/**
 * A bulk update's column mapping kept with a view: the file's column → the field it fills (`''`: the
 * column is left out). Used by the bulk dialog and `crm bulk-update --view`.
 */
export const bulkMapSchema = z
  .record(z.string().min(1).max(200), z.string().max(200))
  .refine((m) => Object.keys(m).length <= 500, 'a bulk mapping has at most 500 columns');
export type BulkMap = z.infer<typeof bulkMapSchema>;

export const savedViewSchema = z.object({
  name: viewNameSchema,
  columns: z.array(z.string().min(1).max(200)).max(500),
  /** Column widths in pixels, by field name. */
  widths: z.record(z.string().max(200), z.number().int().min(20).max(2000)).default({}),
  filters: z.array(filterSchema).max(100).default([]),
  sort: sortSchema.nullable().default(null),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  /** The view a module opens with. At most one per module. */
  default: z.boolean().default(false),
  bulkMap: bulkMapSchema.optional(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

/** The file a view is shared in (`crm view-export`, the grid's "Export view"). */
export const VIEW_FILE_KIND = 'crm-desk.view';
export const viewFileSchema = z.object({
  kind: z.literal(VIEW_FILE_KIND),
  version: z.literal(1),
  module: z.string().max(200),
  view: savedViewSchema.omit({ default: true }),
});
export type ViewFile = z.infer<typeof viewFileSchema>;

/** An imported view: its name, and the fields it named that this module does not have (left out). */
export interface ViewImportResult {
  name: string;
  unknownFields: string[];
}
