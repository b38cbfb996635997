import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../src/shared/errors.ts';
import { idField, type ModuleSchema } from '../../src/shared/fields.ts';
import { readViewFile, ViewsStore } from '../../src/main/services/views.ts';

const field = (name: string) => ({ ...idField(name), name, type: 'string' as const, readOnly: false });
const schema: ModuleSchema = {
  module: 'Accounts',
  capabilities: { create: true, update: true, delete: true },
  fields: [field('name'), field('city'), field('owner')],
};
const file = (view: Record<string, unknown>) =>
  JSON.stringify({ kind: 'crm-desk.view', version: 1, module: 'Accounts', view });

describe('view files', () => {
  it('names every unknown field once and keeps the rest', () => {
    const { view, unknownFields } = readViewFile(
      file({
        name: 'Mine',
        columns: ['name', 'gone', 'city', 'gone'],
        widths: { name: 200, lost: 80 },
        filters: [
          { field: 'city', op: '=', value: 'Delft' },
          { field: 'missing', op: 'isempty' },
        ],
        sort: { field: 'vanished', desc: false },
        pageSize: 25,
      }),
      schema,
    );
    expect(unknownFields).toEqual(['gone', 'lost', 'missing', 'vanished']);
    expect(view).toEqual({
      name: 'Mine',
      columns: ['name', 'city'],
      widths: { name: 200 },
      filters: [{ field: 'city', op: '=', value: 'Delft' }],
      sort: null,
      pageSize: 25,
      default: false,
    });
  });

  it.each([
    ['not JSON', '{oops', 'not JSON'],
    ['another kind of file', JSON.stringify({ kind: 'x', version: 1 }), 'Not a CRM Desk view file: kind'],
    ['a newer version', JSON.stringify({ kind: 'crm-desk.view', version: 2 }), 'version'],
    ['a view without a name', file({ name: '  ', columns: [] }), 'view.name'],
    ['a bad filter', file({ name: 'x', columns: [], filters: [{ field: 'name', op: 'like', value: 'a' }] }), 'filters'],
    ['a page size out of range', file({ name: 'x', columns: [], pageSize: 0 }), 'pageSize'],
  ])('refuses %s with a typed error', (_what, text, message) => {
    let err: unknown;
    try {
      readViewFile(text, schema);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).kind).toBe('invalid_input');
    expect((err as CrmError).message).toContain(message);
  });
});

describe('views store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crm-views-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves, renames, sets one default, removes, and survives a new store on the same folder', async () => {
    const a = new ViewsStore(dir);
    const base = { columns: ['name'], widths: {}, filters: [], sort: null, pageSize: 50, default: false };
    await a.save('Main CRM', 'Accounts', { ...base, name: 'One' });
    await a.save('Main CRM', 'Accounts', { ...base, name: 'Two', default: true });
    await a.setDefault('Main CRM', 'Accounts', 'One');
    await a.rename('Main CRM', 'Accounts', 'Two', 'Second');
    await expect(a.rename('Main CRM', 'Accounts', 'Second', 'One')).rejects.toMatchObject({ kind: 'conflict' });
    const b = new ViewsStore(dir);
    expect((await b.list('Main CRM', 'Accounts')).map((v) => [v.name, v.default])).toEqual([
      ['One', true],
      ['Second', false],
    ]);
    expect(await b.list('Main CRM', 'Contacts')).toEqual([]);
    expect(await b.list('Other', 'Accounts')).toEqual([]);
    await b.remove('Main CRM', 'Accounts', 'One');
    await expect(b.remove('Main CRM', 'Accounts', 'One')).rejects.toMatchObject({ kind: 'not_found' });
    const text = await b.exportText('Main CRM', 'Accounts', 'Second');
    expect(JSON.parse(text)).toMatchObject({ kind: 'crm-desk.view', module: 'Accounts', view: { name: 'Second' } });
    expect(text).not.toContain('"default"');
    expect(
      await readFile(join(dir, 'views', (await import('node:fs')).readdirSync(join(dir, 'views'))[0]!), 'utf8'),
    ).toContain('Second');
  });
});
