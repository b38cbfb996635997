import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/shared/i18n/en.ts';
import { fa } from '../../src/shared/i18n/fa.ts';
import { keyMentions, translatedKeys, untranslatedCliText, untranslatedJsx } from './scan.ts';

/**
 * The catalogs are complete and all used, and the renderer shows no text of its own: every string a
 * user can read comes from src/shared/i18n (en.ts, fa.ts).
 */
const root = join(import.meta.dirname, '..', '..');

function flatten(obj: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v as object, key));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const enKeys = flatten(en);
const faKeys = flatten(fa);
const catalogDir = join(root, 'src', 'shared', 'i18n');
const catalogFiles = new Set([join(catalogDir, 'en.ts'), join(catalogDir, 'fa.ts')]);
const users = sourceFiles(join(root, 'src')).filter((f) => !catalogFiles.has(f));
const rendererFiles = sourceFiles(join(root, 'src', 'renderer'));
const cliFiles = sourceFiles(join(root, 'src', 'cli'));

/** A plural key (`rows_one`) counts as one key, `rows`, for usage. */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('English and Persian have the same keys', () => {
    expect(Object.keys(faKeys).sort()).toEqual(Object.keys(enKeys).sort());
  });

  it('each Persian message keeps every placeholder of the English one', () => {
    // Persian may add one (the CLI frames an error with its title), never drop one.
    const dropped = Object.keys(enKeys).filter((k) => {
      const theirs = variables(faKeys[k] ?? '');
      return variables(enKeys[k] ?? '').some((v) => !theirs.includes(v));
    });
    expect(dropped).toEqual([]);
  });

  it('Persian is written in Persian (no message left in English)', () => {
    // A message with English words must have Persian words too; acronyms (CSV, JSON) and symbols may stay.
    // Language names are written in their own language in every catalog.
    const english = Object.entries(faKeys).filter(
      ([k, v]) =>
        /[a-z]{3,}/.test((enKeys[k] ?? '').replace(/\{\{\w+\}\}/g, '')) &&
        !/[\u0600-\u06FF]/.test(v) &&
        !k.startsWith('settings.languageNames.'),
    );
    expect(english).toEqual([]);
  });

  it('every key is used somewhere in the source', () => {
    const literals = new Set<string>();
    const patterns: RegExp[] = [];
    for (const file of users) {
      const found = keyMentions(file, readFileSync(file, 'utf8'));
      found.literals.forEach((l) => literals.add(l));
      patterns.push(...found.patterns);
    }
    const unused = Object.keys(enKeys).filter((key) => {
      const base = baseKey(key);
      return !literals.has(key) && !literals.has(base) && !patterns.some((p) => p.test(key) || p.test(base));
    });
    expect(unused).toEqual([]);
  });

  it('every key asked for exists', () => {
    const bases = new Set(Object.keys(enKeys).map(baseKey));
    const missing = users.flatMap((file) =>
      translatedKeys(file, readFileSync(file, 'utf8'))
        .filter((k) => !(k.text in enKeys) && !bases.has(k.text))
        .map((k) => `${relative(root, file)}:${k.line} ${k.text}`),
    );
    expect(missing).toEqual([]);
  });

  it('the renderer writes no user-visible text of its own', () => {
    const found = rendererFiles.flatMap((file) =>
      untranslatedJsx(file, readFileSync(file, 'utf8')).map((f) => `${relative(root, file)}:${f.line} ${f.text}`),
    );
    expect(found).toEqual([]);
  });

  it('the CLI prints no text of its own: results, notes, progress and usage errors come from the catalogs', () => {
    const found = cliFiles.flatMap((file) =>
      untranslatedCliText(file, readFileSync(file, 'utf8')).map((f) => `${relative(root, file)}:${f.line} ${f.text}`),
    );
    expect(found).toEqual([]);
  });
});

describe('the source scans', () => {
  it('find text in JSX children, in visible attributes and in the branches of a condition', () => {
    const code = `
      export const A = ({ ok, n }: { ok: boolean; n: number }) => (
        <div title="Hover text" data-testid="not-shown">
          Plain words
          {ok ? 'Yes' : t('common.no')}
          {ok && \`\${n} items\`}
          <input placeholder={'Type here'} aria-label={t('a.b')} />
          <img alt="Logo" />
          {'—'} {n} ›
        </div>
      );`;
    expect(untranslatedJsx('x.tsx', code).map((f) => f.text)).toEqual([
      'Hover text',
      'Plain words',
      'Yes',
      'items',
      'Type here',
      'Logo',
    ]);
  });

  it('take template literals as key patterns', () => {
    const { literals, patterns } = keyMentions('x.ts', "t(`export.state.${s}`); t('grid.new');");
    expect(literals.has('grid.new')).toBe(true);
    expect(patterns.some((p) => p.test('export.state.done'))).toBe(true);
    expect(patterns.some((p) => p.test('grid.new'))).toBe(false);
  });

  it('find CLI text in human output, the functions it calls, usage errors, notes and progress lines', () => {
    const code = `
      function footer(n: number) {
        return n === 1 ? 'last page' : t('cli.out.page', { page: n });
      }
      export const command = {
        summary: 'Help text is looked up elsewhere',
        async run(ctx, args) {
          if (args.string('keep') !== 'mine') throw new UsageError('--keep takes mine');
          throw new UsageError(t('cli.refused.keep', { command: 'undo' }));
          ctx.note(\`\${n} rows skipped\`);
          progressLine(ctx, (n) => \`\${n} records\`);
          throw new CrmError('conflict', 'Changed since');
          return {
            json: { state: 'done' },
            human: () => (rows.length ? table(columnHeads(['id', 'name']), rows) + footer(2) : '(nothing)'),
          };
        },
      };`;
    expect(untranslatedCliText('x.ts', code).map((f) => f.text)).toEqual([
      '--keep takes mine',
      'rows skipped',
      'records',
      'Changed since',
      'last page',
      '(nothing)',
    ]);
  });
});
