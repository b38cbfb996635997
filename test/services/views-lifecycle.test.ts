import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SavedView } from '../../src/shared/views.ts';
import { closeFakeServices, openFakeServices, type FakeServices } from './fake-services.ts';

/** Saved views follow their connection through the connections service, like its mirror and recents. */
let f: FakeServices;
beforeEach(async () => {
  f = await openFakeServices({ folderPrefix: 'crm-views-lifecycle-', password: 'pw-views-lifecycle' });
});
afterEach(() => closeFakeServices(f));

const view: SavedView = {
  name: 'Big accounts',
  columns: ['name', 'employees'],
  widths: {},
  filters: [],
  sort: { field: 'employees', desc: true },
  pageSize: 50,
  default: false,
};

it('a renamed connection keeps its views under the new name; a removed one takes them along', async () => {
  await f.s.views.save('c', 'Accounts', view);
  await f.s.connections.save({
    name: 'renamed',
    previousName: 'c',
    vendor: 'simply',
    url: 'https://a.example',
    settings: { username: 'u' },
  });
  expect((await f.s.views.list('renamed', 'Accounts')).map((v) => v.name)).toEqual(['Big accounts']);
  expect(await f.s.views.list('c', 'Accounts')).toEqual([]);

  await f.s.connections.remove('renamed');
  // A new connection of the old name starts with no views.
  await f.s.connections.save({
    name: 'renamed',
    vendor: 'simply',
    url: 'https://a.example',
    settings: { username: 'u' },
    secrets: { password: 'pw-views-lifecycle' },
  });
  expect(await f.s.views.list('renamed', 'Accounts')).toEqual([]);
});
