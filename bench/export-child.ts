import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runExport } from '../src/main/export/pipeline.ts';
import type { ExportFormat } from '../src/main/export/writers.ts';
import { openConnectionStore } from '../src/main/store/index.ts';
import { chooseColumns } from '../src/main/services/mirror/export.ts';

/**
 * One export from a prepared mirror, in its own process so that its peak memory is its own:
 *   node bench/export-child.ts <db file> <module> <format> <out>
 * Prints one JSON line: {rows, ms, maxRssMb}.
 */
const [dbFile, module, format, out] = process.argv.slice(2) as [string, string, ExportFormat, string];
const store = openConnectionStore(dbFile);
const schema = store.mirror.moduleState(module).schema;
if (!schema) throw new Error('the bench mirror has no schema');
const t0 = performance.now();
const result = await runExport({
  format,
  out,
  columns: chooseColumns(schema, []),
  fields: schema.fields,
  bom: false,
  sheetName: module,
  rows: store.mirror.rows(module),
});
const ms = performance.now() - t0;
store.close();
rmSync(out, { force: true });
console.log(JSON.stringify({ rows: result.rows, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
