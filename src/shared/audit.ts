import { z } from 'zod';
import { recordDataSchema } from './fields.ts';

/** What kind of write an audit entry records: the app's and the CLI's own, a pushed offline edit, a bulk row, an undo. */
export const auditActionSchema = z.enum(['create', 'update', 'delete', 'push', 'bulk', 'undo']);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  connection: z.string(),
  module: z.string(),
  record: z.string(),
  action: auditActionSchema,
  /** The request the entry stands for (an undo of a deletion is a create). */
  op: z.enum(['create', 'update', 'delete']),
  before: recordDataSchema,
  after: recordDataSchema,
  outcome: z.enum(['ok', 'error']),
  message: z.string().optional(),
  /** The bulk job of a bulk row. */
  job: z.string().optional(),
  /** The entry an undo reverted. */
  undoes: z.number().int().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * How the caller of a connector write describes it for the audit log. Omitted: the write is the
 * method's own action, and the wrapper reads the record before an update or a deletion.
 */
export interface WriteIntent {
  action?: AuditAction;
  /** The record as the caller read it just before (no second read). */
  before?: Record<string, unknown>;
  job?: string;
  undoes?: number;
  /**
   * Set by the audit wrapper for a connector that reads the record itself before an update
   * (`readsBeforeUpdate`): it hands that read over, so the log needs no read of its own.
   */
  onCurrent?: (record: Record<string, unknown>) => void;
}

/** One field an undo cannot simply write back: the record changed at the vendor since. */
export const undoConflictSchema = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  now: z.unknown(),
});
export type UndoConflict = z.infer<typeof undoConflictSchema>;
