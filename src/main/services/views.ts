import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CrmError } from '../../shared/errors.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';
import type { ModuleSchema } from '../../shared/fields.ts';
import {
  bulkMapSchema,
  savedViewSchema,
  VIEW_FILE_KIND,
  viewFileSchema,
  type BulkMap,
  type SavedView,
  type ViewFile,
  type ViewImportResult,
} from '../../shared/views.ts';
import { PRIVATE_FILE, privateDir } from './private-files.ts';

/** The largest view file read (a view is a few hundred bytes; this bounds a wrong file). */
const MAX_VIEW_FILE = 256 * 1024;

/**
 * Saved grid views, per connection and module, in `<dataDir>/views/<connection>-<hash>.json` (one file
 * per connection: `{module: [view, ...]}`), written whole through a temp file so a crash never leaves
 * half a file.
 */
export class ViewsStore {
  private readonly dataDir: string;
  /** One write at a time per file, so two quick saves cannot lose one another. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  async list(connection: string, module: string): Promise<SavedView[]> {
    return (await this.read(connection)).get(module) ?? [];
  }

  async get(connection: string, module: string, name: string): Promise<SavedView> {
    const found = (await this.list(connection, module)).find((v) => v.name === name);
    if (!found) throw noView(module, name);
    return found;
  }

  /** Adds or replaces the view of that name; a view saved as default makes the others non-default. */
  save(connection: string, module: string, view: SavedView): Promise<SavedView> {
    const parsed = parseView(view);
    return this.change(connection, module, (views) => {
      const rest = views.filter((v) => v.name !== parsed.name);
      const others = parsed.default ? rest.map((v) => ({ ...v, default: false })) : rest;
      const at = views.findIndex((v) => v.name === parsed.name);
      const next = [...others];
      next.splice(at < 0 ? next.length : at, 0, parsed);
      return { views: next, result: parsed };
    });
  }

  remove(connection: string, module: string, name: string): Promise<void> {
    return this.change(connection, module, (views) => {
      if (!views.some((v) => v.name === name)) throw noView(module, name);
      return { views: views.filter((v) => v.name !== name), result: undefined };
    });
  }

  rename(connection: string, module: string, name: string, to: string): Promise<SavedView> {
    const newName = parseView({ ...emptyView(), name: to }).name;
    return this.change(connection, module, (views) => {
      const found = views.find((v) => v.name === name);
      if (!found) throw noView(module, name);
      if (newName !== name && views.some((v) => v.name === newName)) {
        throw serviceError('conflict', 'errors.service.viewExists', { module, name: newName });
      }
      const renamed = { ...found, name: newName };
      return { views: views.map((v) => (v === found ? renamed : v)), result: renamed };
    });
  }

  /** Makes one view the module's default (`null`: none). */
  setDefault(connection: string, module: string, name: string | null): Promise<void> {
    return this.change(connection, module, (views) => {
      if (name !== null && !views.some((v) => v.name === name)) {
        throw noView(module, name);
      }
      return { views: views.map((v) => ({ ...v, default: v.name === name })), result: undefined };
    });
  }

  /**
   * Keeps a bulk update's column mapping with a view (`null` forgets it). The view's grid layout is
   * untouched.
   */
  setBulkMap(connection: string, module: string, name: string, map: BulkMap | null): Promise<SavedView> {
    return this.change(connection, module, (views) => {
      const parsed = map === null ? null : parseBulkMap(map);
      const found = views.find((v) => v.name === name);
      if (!found) throw new CrmError('not_found', `${module} has no saved view "${name}"`);
      const { bulkMap: _old, ...rest } = found;
      const changed: SavedView = parsed === null ? rest : { ...rest, bulkMap: parsed };
      return { views: views.map((v) => (v === found ? changed : v)), result: changed };
    });
  }

  /** The bulk mapping a view holds; a view without one is an error that says how to save one. */
  async bulkMap(connection: string, module: string, name: string): Promise<BulkMap> {
    const view = await this.get(connection, module, name);
    if (!view.bulkMap) {
      throw new CrmError(
        'invalid_input',
        `The view "${name}" holds no bulk mapping (save one from the app's bulk update dialog)`,
      );
    }
    return view.bulkMap;
  }

  /** The view as a shareable file's text. */
  async exportText(connection: string, module: string, name: string): Promise<string> {
    const { default: _default, ...view } = await this.get(connection, module, name);
    const file: ViewFile = { kind: VIEW_FILE_KIND, version: 1, module, view };
    return `${JSON.stringify(file, null, 2)}\n`;
  }

  /**
   * Reads a shared view file against the module's fields: names the module lacks are left out and
   * reported, the rest is saved (replacing a view of the same name).
   */
  async importText(connection: string, schema: ModuleSchema, text: string): Promise<ViewImportResult> {
    const { view, unknownFields } = readViewFile(text, schema);
    await this.save(connection, schema.module, view);
    return { name: view.name, unknownFields };
  }

  async exportFile(connection: string, module: string, name: string, out: string): Promise<void> {
    await writeFile(out, await this.exportText(connection, module, name), { mode: PRIVATE_FILE });
  }

  async importFile(connection: string, schema: ModuleSchema, file: string): Promise<ViewImportResult> {
    let text: string;
    try {
      const buf = await readFile(file);
      if (buf.length > MAX_VIEW_FILE) throw serviceError('invalid_input', 'errors.service.viewFileTooLarge', { file });
      text = buf.toString('utf8');
    } catch (err) {
      if (err instanceof CrmError) throw err;
      throw serviceError('invalid_input', 'errors.service.viewFileUnreadable', { file });
    }
    return this.importText(connection, schema, text);
  }

  /** A removed connection's views go with it, like its mirror and recent records. */
  connectionRemoved(connection: string): Promise<void> {
    return this.queue(() => rm(this.fileOf(connection), { force: true }));
  }

  /** A renamed connection keeps its views under the new name. */
  connectionRenamed(from: string, to: string): Promise<void> {
    return this.queue(async () => {
      try {
        await rename(this.fileOf(from), this.fileOf(to));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    });
  }

  private queue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private fileOf(connection: string): string {
    const readable = connection.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
    const hash = createHash('sha256').update(connection).digest('hex').slice(0, 10);
    return join(this.dataDir, 'views', `${readable}-${hash}.json`);
  }

  // A Map, never a plain object: a module id such as `__proto__` is just a key.
  private async read(connection: string): Promise<Map<string, SavedView[]>> {
    const out = new Map<string, SavedView[]>();
    let text: string;
    try {
      text = await readFile(this.fileOf(connection), 'utf8');
    } catch {
      return out;
    }
    try {
      const raw = JSON.parse(text) as unknown;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
      for (const [module, views] of Object.entries(raw as Record<string, unknown>)) {
        if (!Array.isArray(views)) continue;
        // A view an older or newer version wrote that does not parse is skipped, not fatal.
        out.set(
          module,
          views.flatMap((v) => {
            const p = savedViewSchema.safeParse(v);
            return p.success ? [p.data] : [];
          }),
        );
      }
    } catch {
      out.clear();
    }
    return out;
  }

  private change<T>(
    connection: string,
    module: string,
    fn: (views: SavedView[]) => { views: SavedView[]; result: T },
  ): Promise<T> {
    const run = this.chain.then(async () => {
      const all = await this.read(connection);
      const { views, result } = fn(all.get(module) ?? []);
      all.set(module, views);
      const file = this.fileOf(connection);
      await privateDir(join(this.dataDir, 'views'));
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(Object.fromEntries(all), null, 2)}\n`, { mode: PRIVATE_FILE });
      await rename(tmp, file);
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}

function emptyView(): SavedView {
  return { name: '', columns: [], widths: {}, filters: [], sort: null, pageSize: 50, default: false };
}

function parseBulkMap(map: unknown): BulkMap {
  const p = bulkMapSchema.safeParse(map);
  if (!p.success) {
    const issue = p.error.issues[0];
    throw new CrmError('invalid_input', `Not a valid bulk mapping: ${issue?.message ?? 'invalid'}`);
  }
  return p.data;
}

function parseView(view: unknown): SavedView {
  const p = savedViewSchema.safeParse(view);
  if (!p.success) {
    const issue = p.error.issues[0];
    const where = issue?.path.join('.') || 'view';
    throw serviceError('invalid_input', 'errors.service.notView', { where, problem: issue?.message ?? '' });
  }
  return p.data;
}

/**
 * Parses a shared view file and keeps only what the module has: unknown columns, widths, filters, a
 * sort on an unknown field and bulk mapping entries that fill an unknown field are left out and named
 * in `unknownFields` (each once, in file order).
 */
export function readViewFile(text: string, schema: ModuleSchema): { view: SavedView; unknownFields: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw serviceError('invalid_input', 'errors.service.viewFileNotJson');
  }
  const p = viewFileSchema.safeParse(raw);
  if (!p.success) {
    const issue = p.error.issues[0];
    const where = issue?.path.join('.') || 'file';
    throw serviceError('invalid_input', 'errors.service.notViewFile', { where, problem: issue?.message ?? 'invalid' });
  }
  const known = new Set(['id', ...schema.fields.map((f) => f.name)]);
  const unknown: string[] = [];
  const keep = (name: string) => {
    if (known.has(name)) return true;
    if (!unknown.includes(name)) unknown.push(name);
    return false;
  };
  const v = p.data.view;
  const view: SavedView = {
    name: v.name,
    columns: v.columns.filter(keep),
    widths: Object.fromEntries(Object.entries(v.widths).filter(([k]) => keep(k))),
    filters: v.filters.filter((f) => keep(f.field)),
    sort: v.sort && keep(v.sort.field) ? v.sort : null,
    pageSize: v.pageSize,
    default: false,
  };
  if (v.bulkMap) {
    // A column left out ('') names no field: it always loads.
    view.bulkMap = Object.fromEntries(Object.entries(v.bulkMap).filter(([, field]) => field === '' || keep(field)));
  }
  return { view, unknownFields: unknown };
}

function noView(module: string, name: string): CrmError {
  return serviceError('not_found', 'errors.service.noView', { module, name });
}
