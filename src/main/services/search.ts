import type { ConnectionInfo, SearchHit, SearchResult, SearchScope, SearchSource } from '../../shared/contract.ts';
import { CrmError, toErrorData } from '../../shared/errors.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';
import type { CrmRecord, Field, ModuleSchema } from '../../shared/fields.ts';
import type { RecordsService } from './api.ts';
import type { OfflineRecords } from './extensions.ts';
import { compareHits, scoreHit } from './search-rank.ts';

export interface SearchRequest {
  text: string;
  /** Only these connections; empty or absent: every connection. */
  connections?: readonly string[];
  limit?: number;
  scope?: SearchScope;
}

export interface SearchService {
  search(req: SearchRequest): Promise<SearchResult>;
}

export interface SearchDeps {
  connections: () => Promise<ConnectionInfo[]>;
  records: RecordsService;
  /** The mirror's reads; absent when the process has no store (then only live search can run). */
  offline: () => OfflineRecords | undefined;
  /** Whether the user switched the connection to offline work (no vendor call is made for it then). */
  workingOffline?: (connection: string) => Promise<boolean>;
}

const DEFAULT_LIMIT = 50;
/**
 * Candidates read per mirrored module before ranking: the index orders by its own relevance, which is
 * not ours (an exact name may sit below longer records that repeat the word), so more are read.
 */
const MIRROR_CANDIDATES = (limit: number) => Math.min(1000, limit * 5);
/** Records asked of a vendor per live module (one page). */
const LIVE_PAGE = (limit: number) => Math.min(100, limit);

/**
 * One search across every connection and module: the mirrors' full-text index (offline, folded the way
 * people type), and on request the modules never synced, at the vendor with a `contains` filter on the
 * module's naming field (through the HTTP layer, so within the vendor's rate limit).
 */
export class LocalSearchService implements SearchService {
  private readonly deps: SearchDeps;

  constructor(deps: SearchDeps) {
    this.deps = deps;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const text = req.text.trim();
    const limit = req.limit ?? DEFAULT_LIMIT;
    const scope = req.scope ?? 'mirror';
    const connections = await this.pick(req.connections ?? []);
    if (text === '') return { hits: [], sources: [] };
    const perConnection = await Promise.all(
      connections.map(async (c) => {
        const out: { hits: SearchHit[]; sources: SearchSource[] } = { hits: [], sources: [] };
        const mirrored = await this.mirrored(c.name);
        if (scope !== 'live') await this.searchMirror(c, mirrored, text, limit, out);
        if (scope !== 'mirror') await this.searchLive(c, new Set(mirrored), text, limit, out);
        return out;
      }),
    );
    const hits = perConnection.flatMap((p) => p.hits).sort(compareHits);
    return { hits: hits.slice(0, limit), sources: perConnection.flatMap((p) => p.sources) };
  }

  /** The connections asked for (every one when none is named); an unknown name is a not_found error. */
  private async pick(names: readonly string[]): Promise<ConnectionInfo[]> {
    const all = await this.deps.connections();
    if (names.length === 0) return all;
    return [...new Set(names)].map((n) => {
      const found = all.find((c) => c.name === n);
      if (!found) throw serviceError('not_found', 'errors.service.noConnection', { name: n });
      return found;
    });
  }

  private async mirrored(connection: string): Promise<string[]> {
    const offline = this.deps.offline();
    if (!offline) return [];
    try {
      return (await offline.modules(connection)).map((m) => m.name);
    } catch {
      return [];
    }
  }

  private async searchMirror(
    c: ConnectionInfo,
    modules: readonly string[],
    text: string,
    limit: number,
    out: { hits: SearchHit[]; sources: SearchSource[] },
  ): Promise<void> {
    const offline = this.deps.offline();
    for (const module of modules) {
      try {
        if (!offline?.search) throw new CrmError('unsupported', 'This process cannot search the local mirror');
        const schema = await offline.describe(c.name, module);
        const rows = await offline.search(c.name, module, text, MIRROR_CANDIDATES(limit));
        for (const r of rows) out.hits.push(hitOf(c, schema, r, text, true));
        out.sources.push({ connection: c.name, module, state: 'done' });
      } catch (err) {
        out.sources.push(failure(c.name, module, err));
      }
    }
  }

  /** The modules the mirror does not hold, searched one after the other at the vendor. */
  private async searchLive(
    c: ConnectionInfo,
    mirrored: ReadonlySet<string>,
    text: string,
    limit: number,
    out: { hits: SearchHit[]; sources: SearchSource[] },
  ): Promise<void> {
    if (await this.deps.workingOffline?.(c.name).catch(() => false)) {
      out.sources.push({ connection: c.name, module: '*', state: 'skipped', error: 'working offline' });
      return;
    }
    let modules: string[];
    try {
      modules = (await this.deps.records.modules(c.name)).map((m) => m.name).filter((m) => !mirrored.has(m));
    } catch (err) {
      out.sources.push(failure(c.name, '*', err));
      return;
    }
    for (const module of modules) {
      try {
        const schema = await this.deps.records.describe(c.name, module);
        const field = namingField(schema);
        if (!field) {
          out.sources.push({ connection: c.name, module, state: 'skipped', error: 'no name field to search' });
          continue;
        }
        const page = await this.deps.records.list(c.name, module, {
          page: 1,
          pageSize: LIVE_PAGE(limit),
          filters: [{ field: field.name, op: 'contains', value: text }],
        });
        for (const r of page.rows) out.hits.push(hitOf(c, schema, r, text, false));
        out.sources.push({ connection: c.name, module, state: 'done' });
      } catch (err) {
        out.sources.push(failure(c.name, module, err));
      }
    }
  }
}

function hitOf(c: ConnectionInfo, schema: ModuleSchema, record: CrmRecord, text: string, offline: boolean): SearchHit {
  const label = recordLabel(schema, record);
  return {
    connection: c.name,
    vendor: c.vendor,
    module: schema.module,
    moduleLabel: schema.label ?? schema.module,
    id: record.id,
    label,
    score: scoreHit(text, label),
    offline,
  };
}

/** A vendor that cannot search a module by text is skipped quietly; anything else failed, with why. */
function failure(connection: string, module: string, err: unknown): SearchSource {
  const data = toErrorData(err);
  const state = data.kind === 'unsupported' || data.kind === 'not_found' ? 'skipped' : 'failed';
  return { connection, module, state, error: data.message };
}

/** The field a module's records are named by, when the vendor can filter it with `contains`. */
export function namingField(schema: ModuleSchema): Field | null {
  const text = (f: Field | undefined): f is Field =>
    f !== undefined && f.filterable !== false && (f.type === 'string' || f.type === 'text' || f.type === 'email');
  const byLabel = (schema.labelFields ?? []).map((n) => schema.fields.find((f) => f.name === n)).find(text);
  return byLabel ?? schema.fields.find((f) => f.type === 'string' && f.filterable !== false) ?? null;
}

/** What a record is called: its naming fields joined, else its id. */
export function recordLabel(schema: ModuleSchema, record: CrmRecord): string {
  const names = schema.labelFields && schema.labelFields.length > 0 ? schema.labelFields : [];
  const parts = names
    .map((n) => record[n])
    .filter((v) => v !== null && v !== undefined && v !== '')
    .map((v) => (Array.isArray(v) ? v.join(', ') : String(v)));
  if (parts.length > 0) return parts.join(' ');
  const first = schema.fields.find((f) => f.type === 'string' && typeof record[f.name] === 'string');
  const value = first ? record[first.name] : undefined;
  return typeof value === 'string' && value !== '' ? value : `#${record.id}`;
}
