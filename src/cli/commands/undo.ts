import { CrmError } from '../../shared/errors.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { cli } from '../i18n.ts';
import { showValue } from '../output.ts';

export const command: Command = {
  name: 'undo',
  summary:
    'Reverts an audited write (an entry id), a whole bulk job (its job id) or the last write ("last"); refuses if the record changed since, unless --keep decides.',
  usage: '<name> <audit-id|job-id|last> [--keep mine|theirs] [--recreate]',
  positionals: ['name', 'target'],
  usesMirror: () => false,
  options: {
    keep: {
      type: 'string',
      help: 'the record changed since: mine (write the before values anyway) or theirs (leave those fields)',
    },
    recreate: { type: 'boolean', help: 'undoing a deletion: create the record again (it gets a new id)' },
  },
  async run(ctx, args) {
    const { t } = cli();
    const keep = args.string('keep');
    if (keep !== undefined && keep !== 'mine' && keep !== 'theirs')
      throw new UsageError(t('cli.refused.keep', { command: 'undo' }));
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
          t('cli.out.undoConflictField', {
            before: showValue(c.before),
            after: showValue(c.after),
            now: showValue(c.now),
          }),
        ]),
      );
      throw new CrmError('conflict', t('cli.out.undoConflict', { count: result.conflicts.length }), { fields });
    }
    const json = {
      ok: true,
      auditId: result.auditId,
      undone: result.undone,
      ...(result.newIds ? { newIds: result.newIds } : {}),
    };
    return {
      json,
      human: () => {
        const undone = t('cli.out.undone', { count: result.undone, auditId: result.auditId });
        if (!result.newIds) return undone;
        const ids = Object.entries(result.newIds)
          .map(([a, b]) => `${a} -> ${b}`)
          .join(', ');
        return `${undone} ${t('cli.out.newIds', { ids })}`;
      },
    };
  },
};
