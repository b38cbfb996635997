import { MAX_SEARCH_LIMIT, MAX_SEARCH_TEXT } from '../../shared/contract.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { cli } from '../i18n.ts';
import { columnHeads, table } from '../output.ts';

export const command: Command = {
  name: 'search',
  summary:
    "Finds records by their words in every connection's local mirror at once (offline), best first; " +
    'with --live also the modules never synced, at the vendor.',
  usage: '<text> [--connection N ...] [--limit N] [--live]',
  positionals: ['text'],
  options: {
    connection: { type: 'string', multiple: true, help: 'search only this connection (repeatable)' },
    limit: { type: 'string', help: 'how many hits at most (default 50, at most 200)' },
    live: { type: 'boolean', help: 'also search the modules never synced at the vendor (uses requests)' },
  },
  async run(ctx, args) {
    const text = args.arg('text');
    const { t } = cli();
    if (text.trim() === '') throw new UsageError(t('cli.searchEmpty'));
    if (text.length > MAX_SEARCH_TEXT) throw new UsageError(t('cli.searchTooLong', { max: MAX_SEARCH_TEXT }));
    const result = await (
      await ctx.services()
    ).search.search({
      text,
      connections: args.strings('connection'),
      limit: args.integer('limit', 50, 1, MAX_SEARCH_LIMIT),
      scope: args.flag('live') ? 'all' : 'mirror',
    });
    const json = {
      hits: result.hits.map((h) => ({
        connection: h.connection,
        vendor: h.vendor,
        module: h.module,
        id: h.id,
        label: h.label,
        score: h.score,
        offline: h.offline,
      })),
      sources: result.sources.map((s) => ({
        connection: s.connection,
        module: s.module,
        state: s.state,
        ...(s.error !== undefined ? { error: s.error } : {}),
      })),
    };
    const problems = result.sources.filter((s) => s.state === 'failed');
    for (const p of problems) {
      ctx.note(t('cli.searchFailed', { connection: p.connection, module: p.module, message: p.error ?? '' }));
    }
    return {
      json,
      human: () =>
        json.hits.length === 0
          ? t('cli.searchNothing')
          : table(
              columnHeads(['label', 'connection', 'vendor', 'module', 'id', 'score', 'from']),
              json.hits.map((h) => [
                h.label,
                h.connection,
                h.vendor,
                h.module,
                h.id,
                String(h.score),
                h.offline ? t('cli.out.fromMirror') : t('cli.out.fromLive'),
              ]),
            ),
    };
  },
};
