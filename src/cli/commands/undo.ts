import { CrmError } from '../../shared/errors.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { showValue } from '../output.ts';

export const command: Command = {
  name: 'undo',
  summary:
    'Reverts an audited write (an entry id), a whole bulk job (its job id) or the last write ("last"); refuses if the record changed since, unless --keep decides.',
  usage: '<name> <audit-id|job-id|last> [--keep mine|theirs] [--recreate]',
  positionals: ['name', 'target'],
  usesStore: () => false,
  options: {
    keep: {
      type: 'string',
      help: 'the record changed since: mine (write the before values anyway) or theirs (leave those fields)',
    },
    recreate: { type: 'boolean', help: 'undoing a deletion: create the record again (it gets a new id)' },
  },
  async run(ctx, args) {
    const keep = args.string('keep');
    if (keep !== undefined && keep !== 'mine' && keep !== 'theirs')
      throw new UsageError('undo: --keep takes mine or theirs');
    const raw = args.arg('target');
    const target = raw === 'last' ? { last: true as const } : /^\d+$/.test(raw) ? { entry: Number(raw) } : { job: raw };
    const result = await (
      await ctx.services()
    ).audit.undo(args.arg('name'), target, {
      ...(keep ? { keep } : {}),
      recreate: args.flag('recreate'),
    });
    if (!result.ok) {
      const fields = Object.fromEntries(
        result.conflicts.map((c) => [
          `${c.record}.${c.field}`,
          `before ${showValue(c.before)}, after ${showValue(c.after)}, now ${showValue(c.now)}`,
        ]),
      );
      throw new CrmError(
        'conflict',
        `Changed at the vendor since: ${result.conflicts.length} field(s); run again with --keep mine or --keep theirs`,
        { fields },
      );
    }
    const json = {
      ok: true,
      auditId: result.auditId,
      undone: result.undone,
      ...(result.newIds ? { newIds: result.newIds } : {}),
    };
    return {
      json,
      human: () =>
        `Undone: ${result.undone} write(s), logged as ${result.auditId}.` +
        (result.newIds
          ? ` New ids: ${Object.entries(result.newIds)
              .map(([a, b]) => `${a} -> ${b}`)
              .join(', ')}`
          : ''),
    };
  },
};
