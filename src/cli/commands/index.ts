import type { CommandEntry } from '../command.ts';

/**
 * Every CLI command, in the order `crm --help` lists them. A module is imported only when its command
 * runs. To add one: write commands/<name>.ts exporting `command: Command`, and add its line here.
 */
export const commandEntries: CommandEntry[] = [
  {
    name: 'connect',
    summary: 'add or change a connection (secrets on stdin or in CRM_SECRET_<NAME>)',
    load: () => import('./connect.ts'),
  },
  { name: 'connections', summary: 'list the connections (never a secret)', load: () => import('./connections.ts') },
  { name: 'remove', summary: 'delete a connection and its keychain entry', load: () => import('./remove.ts') },
  { name: 'test', summary: 'check that a connection can log in', load: () => import('./test.ts') },
  { name: 'modules', summary: 'list the modules of a connection', load: () => import('./modules.ts') },
  { name: 'describe', summary: 'show the fields of a module', load: () => import('./describe.ts') },
  { name: 'list', summary: 'one page of records, with filters and sort', load: () => import('./list.ts') },
  { name: 'get', summary: 'one record', load: () => import('./get.ts') },
  {
    name: 'related',
    summary: "records linked to one record (an account's contacts, deals, projects)",
    load: () => import('./related.ts'),
  },
  { name: 'create', summary: 'create a record from --data JSON', load: () => import('./create.ts') },
  { name: 'update', summary: 'change fields of a record from --data JSON', load: () => import('./update.ts') },
  { name: 'delete', summary: 'delete a record', load: () => import('./delete.ts') },
  {
    name: 'sync',
    summary: 'pull changes into the local mirror, push edits made offline',
    load: () => import('./sync.ts'),
  },
  { name: 'views', summary: "a module's saved views", load: () => import('./views.ts') },
  {
    name: 'view-export',
    summary: 'write a saved view to a JSON file to share',
    load: () => import('./view-export.ts'),
  },
  {
    name: 'view-import',
    summary: 'save a shared view file (unknown fields are named and left out)',
    load: () => import('./view-import.ts'),
  },
  { name: 'export', summary: 'write a module to CSV, XLSX, JSON or NDJSON', load: () => import('./export.ts') },
  {
    name: 'search',
    summary: 'find records in every connection at once (local mirrors; --live: also at the vendor)',
    load: () => import('./search.ts'),
  },
  { name: 'outbox', summary: 'edits made offline and conflicts waiting', load: () => import('./outbox.ts') },
  { name: 'resolve', summary: 'settle a conflict: keep mine or theirs', load: () => import('./resolve.ts') },
  {
    name: 'bulk-update',
    summary: 'change many records from a CSV/XLSX file (dry run, report, resume)',
    load: () => import('./bulk-update.ts'),
  },
  { name: 'audit', summary: 'the log of every write, with before and after', load: () => import('./audit.ts') },
  { name: 'undo', summary: 'revert a write, a bulk job or the last write', load: () => import('./undo.ts') },
];
