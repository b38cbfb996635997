import { z } from 'zod';

export const vendorIds = ['simply', 'simplicate', 'smartsimple', 'sarv', 'spotler'] as const;
export const vendorIdSchema = z.enum(vendorIds);
export type VendorId = z.infer<typeof vendorIdSchema>;

/** A connection setting as the connection form and the CLI's `--set` see it. */
export const settingSpecSchema = z.object({
  name: z.string(),
  label: z.string(),
  /** `json` holds a JSON document (SmartSimple's `functions`); `select` one of `options`. */
  kind: z.enum(['text', 'select', 'json']),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  default: z.string().optional(),
  help: z.string().optional(),
});
export type SettingSpec = z.infer<typeof settingSpecSchema>;

export const secretSpecSchema = z.object({ name: z.string(), label: z.string() });
export type SecretSpec = z.infer<typeof secretSpecSchema>;

/** The secret fields of one connection, by the vendor's own secret names (docs/vendors.md). */
export type SecretMap = Record<string, string>;

export const vendorInfoSchema = z.object({
  id: vendorIdSchema,
  label: z.string(),
  settings: z.array(settingSpecSchema),
  secrets: z.array(secretSpecSchema),
});
export type VendorInfo = z.infer<typeof vendorInfoSchema>;
