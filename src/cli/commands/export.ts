import { viewOption } from './common.ts';
import { checkExportTarget } from '../../main/export/target.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { cli } from '../i18n.ts';
import { parseSort, parseWhere } from '../../shared/query.ts';
import { progressLine } from './progress.ts';

const formats = ['csv', 'xlsx', 'json', 'ndjson'] as const;
type Format = (typeof formats)[number];

export const command: Command = {
  name: 'export',
  summary: 'Writes a module to a file (streamed; rows that cannot be read go to <file>.errors.ndjson).',
  usage:
    '<name> <module> --format csv|xlsx|json|ndjson --out <file> [--offline] [--columns a,b] [--view NAME] [--where "<field> <op> <value>" ...] [--sort f[:desc]] [--bom]',
  positionals: ['name', 'module'],
  options: {
    format: { type: 'string', help: 'csv, xlsx, json or ndjson' },
    out: { type: 'string', help: 'the file to write (replaced only when complete)' },
    offline: { type: 'boolean', help: 'read the local mirror only (no request to the vendor)' },
    columns: { type: 'string', help: 'comma-separated field names (default: every field)' },
    ...viewOption,
    where: { type: 'string', multiple: true, help: '"<field> <op> <value>", ANDed' },
    sort: { type: 'string', help: 'field, or field:desc' },
    bom: { type: 'boolean', help: 'CSV: start with a UTF-8 byte order mark (for Excel)' },
  },
  async run(ctx, args) {
    const { t } = cli();
    const format = args.requireString('format');
    if (!(formats as readonly string[]).includes(format)) {
      throw new UsageError(t('cli.refused.format', { formats: formats.join(', ') }));
    }
    const out = ctx.resolvePath(args.requireString('out'));
    // Before any request: a folder or an unwritable place fails now, not after the whole export.
    await checkExportTarget(out);
    const [name, module] = [args.arg('name'), args.arg('module')];
    const offline = args.flag('offline');
    const services = await ctx.services();
    const schema = await services.records.describe(name, module, { offline });
    const names = schema.fields.map((f) => f.name);
    const sortText = args.string('sort');
    const viewName = args.string('view');
    const view = viewName === undefined ? undefined : await services.views.get(name, module, viewName);
    const listed = (args.string('columns') ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const columns = listed.length > 0 ? listed : (view?.columns ?? []);
    const sort = sortText ? parseSort(sortText, names) : (view?.sort ?? undefined);
    // Ctrl-C stops at the next row and removes the temp file; any earlier file at --out stays as it was.
    const abort = new AbortController();
    const onInterrupt = () => abort.abort();
    process.once('SIGINT', onInterrupt);
    const progress = progressLine(ctx, (count) => t('cli.out.rowsWritten', { count }));
    const result = await services.exports
      .run(
        {
          connection: name,
          module,
          format: format as Format,
          out,
          offline,
          columns,
          query: {
            filters: [...(view?.filters ?? []), ...args.strings('where').map((w) => parseWhere(w, names))],
            ...(sort ? { sort } : {}),
          },
          bom: args.flag('bom'),
        },
        { signal: abort.signal, ...(progress ? { onProgress: progress } : {}) },
      )
      .finally(() => {
        process.off('SIGINT', onInterrupt);
        if (progress) ctx.io.stderr.write('\n');
      });
    if (result.errors > 0) {
      ctx.note(t('cli.out.unreadable', { count: result.errors, file: `${result.file}.errors.ndjson` }));
    }
    return {
      json: result,
      human: () =>
        result.errors
          ? t('cli.out.exportedWithErrors', {
              count: result.rows,
              file: result.file,
              errors: t('cli.out.errorCount', { count: result.errors }),
            })
          : t('cli.out.exported', { count: result.rows, file: result.file }),
    };
  },
};
