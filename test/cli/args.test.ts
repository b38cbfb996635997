import { describe, expect, it } from 'vitest';
import { parseAssignments, parseCommandArgs } from '../../src/cli/args.ts';
import type { Command } from '../../src/cli/command.ts';
import { buildListQuery } from '../../src/cli/commands/common.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { accountsSchema } from '../services/fake-vendor.ts';

const listLike: Command = {
  name: 'list',
  summary: '',
  usage: '<name> <module>',
  positionals: ['name', 'module'],
  options: {
    page: { type: 'string' },
    'page-size': { type: 'string' },
    sort: { type: 'string' },
    where: { type: 'string', multiple: true },
  },
  run: async () => ({ json: null, human: () => '' }),
};

const parse = (argv: string[]) => parseCommandArgs(listLike, argv);

describe('CLI argument parsing', () => {
  it('takes positionals in order and options anywhere, --json included', () => {
    const a = parse(['--json', 'acme', '--where', 'name = x', 'Accounts', '--where', 'employees > 3']);
    expect(a.arg('name')).toBe('acme');
    expect(a.arg('module')).toBe('Accounts');
    expect(a.flag('json')).toBe(true);
    expect(a.strings('where')).toEqual(['name = x', 'employees > 3']);
  });

  it('refuses unknown options, missing and extra positionals as usage errors', () => {
    expect(() => parse(['acme', 'Accounts', '--bogus'])).toThrow(UsageError);
    expect(() => parse(['acme'])).toThrow(/missing <module>/);
    expect(() => parse(['acme', 'Accounts', 'extra'])).toThrow(/unexpected argument "extra"/);
  });

  it('checks whole numbers and ranges', () => {
    expect(parse(['a', 'b', '--page', '3']).integer('page', 1, 1, 10)).toBe(3);
    expect(parse(['a', 'b']).integer('page', 1, 1, 10)).toBe(1);
    expect(() => parse(['a', 'b', '--page', '2.5']).integer('page', 1, 1, 10)).toThrow(/whole number/);
    expect(() => parse(['a', 'b', '--page', '0']).integer('page', 1, 1, 10)).toThrow(/between 1 and 10/);
  });

  it('splits --set name=value at the first =', () => {
    expect(parseAssignments(['username=ann', 'functions=[{"a":"b=c"}]'], 'set')).toEqual({
      username: 'ann',
      functions: '[{"a":"b=c"}]',
    });
    expect(() => parseAssignments(['=x'], 'set')).toThrow(UsageError);
    expect(() => parseAssignments(['novalue'], 'set')).toThrow(/name=value/);
  });
});

describe('list query from the command line', () => {
  it('parses --where with the described field names (longest name first, values literal) and --sort', () => {
    const q = buildListQuery(
      parse([
        'a',
        'Accounts',
        '--where',
        'name contains "50% off*"',
        '--where',
        'employees>=10',
        '--where',
        'kind in Customer,Partner',
        '--where',
        'since isempty',
        '--sort',
        'employees:desc',
        '--page',
        '2',
        '--page-size',
        '7',
      ]),
      accountsSchema,
    );
    expect(q).toEqual({
      page: 2,
      pageSize: 7,
      filters: [
        { field: 'name', op: 'contains', value: '"50% off*"' },
        { field: 'employees', op: '>=', value: '10' },
        { field: 'kind', op: 'in', value: ['Customer', 'Partner'] },
        { field: 'since', op: 'isempty' },
      ],
      sort: { field: 'employees', desc: true },
    });
  });

  it('defaults to page 1 of 50 and refuses unknown fields and page sizes above the maximum', () => {
    expect(buildListQuery(parse(['a', 'Accounts']), accountsSchema)).toEqual({ page: 1, pageSize: 50, filters: [] });
    expect(() => buildListQuery(parse(['a', 'Accounts', '--where', 'color = red']), accountsSchema)).toThrow(
      /does not start with a field/,
    );
    expect(() => buildListQuery(parse(['a', 'Accounts', '--sort', 'color']), accountsSchema)).toThrow(
      /unknown field "color"/,
    );
    expect(() => buildListQuery(parse(['a', 'Accounts', '--page-size', '5000']), accountsSchema)).toThrow(
      /between 1 and 1000/,
    );
  });
});
