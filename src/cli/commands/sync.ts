import type { SyncStatus } from '../../shared/contract.ts';
import type { Command } from '../command.ts';
import { table } from '../output.ts';
import { progressLine } from './progress.ts';

export const command: Command = {
  name: 'sync',
  summary: 'Pulls changes into the local mirror and pushes edits made offline (conflicts wait for `resolve`).',
  usage: '<name> [module ...]',
  positionals: ['name'],
  rest: 'module',
  options: {},
  async run(ctx, args) {
    const services = await ctx.services();
    const abort = new AbortController();
    const onInterrupt = () => abort.abort();
    process.once('SIGINT', onInterrupt);
    const progress = progressLine(ctx, 'records');
    const summary = await services.sync
      .run(args.arg('name'), [...args.rest], {
        signal: abort.signal,
        ...(progress
          ? {
              onProgress: (s: SyncStatus) => {
                if (!s.module) return;
                const total = s.total !== null ? ` / ${s.total}` : '';
                const rate = s.ratePerSec ? `, ${Math.round(s.ratePerSec)}/s` : '';
                const eta = s.etaSec !== null ? `, ${Math.ceil(s.etaSec)} s left` : '';
                progress(s.done, `${s.module}: ${s.done}${total} records${rate}${eta}`);
              },
            }
          : {}),
      })
      .finally(() => {
        process.off('SIGINT', onInterrupt);
        if (progress) ctx.io.stderr.write('\n');
      });
    const conflicts = summary.reduce((n, s) => n + s.conflicts, 0);
    if (conflicts > 0) ctx.note(`${conflicts} conflicting edit(s) were not pushed: see \`outbox ${args.arg('name')}\``);
    return {
      json: { modules: summary },
      human: () =>
        table(
          ['module', 'fetched', 'deleted', 'pushed', 'conflicts', 'requests', 'id pass requests'],
          summary.map((s) =>
            [s.module, s.fetched, s.deleted, s.pushed, s.conflicts, s.requests, s.idPassRequests].map(String),
          ),
        ),
    };
  },
};
