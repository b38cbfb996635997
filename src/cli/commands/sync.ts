import type { SyncStatus } from '../../shared/contract.ts';
import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { columnHeads, table } from '../output.ts';
import { progressLine } from './progress.ts';

export const command: Command = {
  name: 'sync',
  summary: 'Pulls changes into the local mirror and pushes edits made offline (conflicts wait for `resolve`).',
  usage: '<name> [module ...]',
  positionals: ['name'],
  rest: 'module',
  options: {},
  async run(ctx, args) {
    const { t } = cli();
    const services = await ctx.services();
    const abort = new AbortController();
    const onInterrupt = () => abort.abort();
    process.once('SIGINT', onInterrupt);
    const progress = progressLine(ctx, (count) => t('cli.out.syncRecords', { count }));
    const summary = await services.sync
      .run(args.arg('name'), [...args.rest], {
        signal: abort.signal,
        ...(progress
          ? {
              onProgress: (s: SyncStatus) => {
                if (!s.module) return;
                const details = [
                  s.total !== null
                    ? t('cli.out.syncRecordsOf', { count: s.done, total: s.total })
                    : t('cli.out.syncRecords', { count: s.done }),
                  ...(s.ratePerSec ? [t('cli.out.syncRate', { rate: Math.round(s.ratePerSec) })] : []),
                  ...(s.etaSec !== null ? [t('cli.out.syncEta', { seconds: Math.ceil(s.etaSec) })] : []),
                ];
                progress(
                  s.done,
                  t('cli.out.syncProgress', { module: s.module, details: details.join(t('common.listSeparator')) }),
                );
              },
            }
          : {}),
      })
      .finally(() => {
        process.off('SIGINT', onInterrupt);
        if (progress) ctx.io.stderr.write('\n');
      });
    const conflicts = summary.reduce((n, s) => n + s.conflicts, 0);
    if (conflicts > 0) ctx.note(t('cli.out.conflictsLeft', { count: conflicts, name: args.arg('name') }));
    return {
      json: { modules: summary },
      human: () =>
        table(
          columnHeads(['module', 'fetched', 'deleted', 'pushed', 'conflicts', 'requests', 'idPassRequests']),
          summary.map((s) =>
            [s.module, s.fetched, s.deleted, s.pushed, s.conflicts, s.requests, s.idPassRequests].map(String),
          ),
        ),
    };
  },
};
