import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, expect, it } from 'vitest';
import { createRowWriter } from '../../src/main/export/writers.ts';
import type { Field } from '../../src/shared/fields.ts';
import { plainField } from '../helpers/fields.ts';

const dir = mkdtempSync(join(tmpdir(), 'crm-xlsx-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Buffer memory still referenced after a full garbage collection (what a queue holds, not garbage). */
function liveBufferBytes(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().arrayBuffers;
}

const text = (name: string): Field => plainField(name, 'string');

// exceljs hands the sheet XML to the zip without backpressure: without waiting for the zip's input,
// the XML queued there grew with the rows (30 MB at 60,000 of these rows; under 6 MB with the wait).
it('XLSX: sheet XML does not pile up in front of the zip as rows grow', { timeout: 120_000 }, async () => {
  const columns = ['a', 'b', 'c', 'd', 'e', 'f'];
  const fields = new Map(columns.map((c) => [c, text(c)]));
  const file = join(dir, 'big.xlsx');
  const writer = await createRowWriter('xlsx', file, { columns, fields, bom: false, sheetName: 'Big' });
  const before = liveBufferBytes();
  let peak = 0;
  for (let i = 1; i <= 60_000; i++) {
    await writer.write(columns.map((c) => `${c} ${i} — some text to make the sheet XML weigh its part`));
    if (i % 10_000 === 0) peak = Math.max(peak, liveBufferBytes() - before);
  }
  await writer.finish();
  expect(statSync(file).size).toBeGreaterThan(100_000);
  expect(peak).toBeLessThan(12 * 1024 * 1024);
});
