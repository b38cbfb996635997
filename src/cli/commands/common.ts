import type { SavedView } from '../../shared/views.ts';
import { readFile } from 'node:fs/promises';
import { recordDataSchema, type ModuleSchema, type RecordData } from '../../shared/fields.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseSort, parseWhere, type ListQuery } from '../../shared/query.ts';
import type { ParsedArgs } from '../args.ts';
import type { OptionSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { cli } from '../i18n.ts';

export const offlineOption: Record<string, OptionSpec> = {
  offline: { type: 'boolean', help: 'read the local mirror (no request to the vendor)' },
};

export const dataOption: Record<string, OptionSpec> = {
  data: { type: 'string', help: 'record fields as one JSON object (flat keys), or @file.json' },
};

/** `--data '<json>'` or `--data @file.json` (relative to the caller's directory): a flat JSON object. */
export async function readData(ctx: CliContext, args: ParsedArgs): Promise<RecordData> {
  const raw = args.requireString('data');
  let text = raw;
  if (raw.startsWith('@')) {
    const path = ctx.resolvePath(raw.slice(1));
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new UsageError(cli().t('cli.refused.dataUnreadable', { path, reason }));
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(cli().t('cli.refused.dataNotJson', { reason: (err as Error).message }));
  }
  const result = recordDataSchema.safeParse(parsed);
  if (!result.success || Array.isArray(parsed)) {
    throw new UsageError(cli().t('cli.refused.dataShape'));
  }
  return result.data;
}

/** The list query from --page, --page-size, --sort and --where, parsed against the described fields. */
export function buildListQuery(args: ParsedArgs, schema: ModuleSchema, view?: SavedView): ListQuery {
  const names = schema.fields.map((f) => f.name);
  const sortText = args.string('sort');
  const sort = sortText ? parseSort(sortText, names) : (view?.sort ?? undefined);
  return {
    page: args.integer('page', 1, 1, Number.MAX_SAFE_INTEGER),
    pageSize: args.integer('page-size', view?.pageSize ?? DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    // A view's filters, with any --where ANDed to them.
    filters: [...(view?.filters ?? []), ...args.strings('where').map((w) => parseWhere(w, names))],
    ...(sort ? { sort } : {}),
  };
}

/** `--view NAME`: a saved view's columns, filters, sort and page size (options given beside it win). */
export const viewOption = {
  view: { type: 'string', help: 'a saved view of the module (crm views): its columns, filters, sort, page size' },
} as const;
