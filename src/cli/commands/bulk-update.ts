import type { Command } from '../command.ts';
import { parseAssignments } from '../args.ts';
import { UsageError } from '../errors.ts';
import { cli } from '../i18n.ts';

export const command: Command = {
  name: 'bulk-update',
  summary:
    'Changes many records from a CSV, TSV or XLSX file: a dry run shows what would change; the result file has one line per row. Run the same command again after a crash to resume.',
  usage:
    '<name> <module> --file F [--view NAME] [--match field] [--map col=field ...] [--dry-run] [--create-missing] --report R.csv',
  positionals: ['name', 'module'],
  options: {
    file: { type: 'string', help: 'the spreadsheet (.csv, .tsv, .xlsx); its first row names the columns' },
    match: { type: 'string', help: 'find records by this field (default id); its values must be unique' },
    map: { type: 'string', multiple: true, help: 'column=field (repeatable); column= leaves a column out' },
    view: { type: 'string', help: 'a saved view whose bulk mapping maps the columns (--map overrides it)' },
    'dry-run': { type: 'boolean', help: 'only read and report what would change (no write request)' },
    'create-missing': { type: 'boolean', help: 'create records for rows that match nothing' },
    report: { type: 'string', help: 'the result CSV: row,id,status,fields,message' },
  },
  async run(ctx, args) {
    const { t } = cli();
    const file = ctx.resolvePath(args.requireString('file'));
    const report = ctx.resolvePath(args.requireString('report'));
    const map = parseAssignments(args.strings('map'), 'map');
    const match = args.string('match') ?? 'id';
    const view = args.string('view');
    if (match.trim() === '') throw new UsageError(t('cli.refused.match'));
    const services = await ctx.services();
    let shown = 0;
    const result = await services.bulk.run(
      {
        connection: args.arg('name'),
        module: args.arg('module'),
        source: { file },
        map,
        ...(view !== undefined ? { view } : {}),
        match,
        createMissing: args.flag('create-missing'),
        dryRun: args.flag('dry-run'),
        report,
      },
      {
        onProgress: (done, total) => {
          if (ctx.json || done - shown < 100) return;
          shown = done;
          ctx.note(t('cli.out.bulkProgress', { done, total }));
        },
      },
    );
    const json = {
      dryRun: result.dryRun,
      rows: result.rows,
      applied: result.applied,
      unchanged: result.unchanged,
      refused: result.refused,
      notSent: result.notSent,
      created: result.created,
      report: result.report,
      ...(result.job ? { job: result.job } : {}),
    };
    return {
      json,
      human: () => {
        const counts = {
          count: result.rows,
          same: result.unchanged,
          refused: result.refused,
          notSent: result.notSent,
          report: result.report,
        };
        const summary = result.dryRun
          ? t('cli.out.bulkDry', { ...counts, change: result.applied, create: result.created })
          : t('cli.out.bulkDone', { ...counts, applied: result.applied, created: result.created });
        const undo = result.job ? t('cli.out.bulkUndo', { name: args.arg('name'), job: result.job }) : undefined;
        return undo ? `${summary}\n${undo}` : summary;
      },
    };
  },
};
