import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under `dir` (symbolic links not followed). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) out.push(...filesUnder(path));
    else if (st.isFile()) out.push(path);
  }
  return out;
}

/**
 * Where any of `secrets` occurs in the files under `dirs` (raw bytes: UTF-8 text, SQLite pages, zipped
 * XLSX members are deflated, so their text is checked by the callers that unzip them) or in `texts`.
 * Returns one line per hit, naming the file or text and the secret's first characters only.
 */
export function findSecrets(
  secrets: readonly string[],
  dirs: readonly string[],
  texts: Record<string, string> = {},
): string[] {
  const wanted = secrets.filter((s) => s.length >= 4);
  const hits: string[] = [];
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      const bytes = readFileSync(file);
      for (const s of wanted) {
        if (bytes.includes(Buffer.from(s, 'utf8')) || bytes.includes(Buffer.from(s, 'utf16le'))) {
          hits.push(`${file}: ${s.slice(0, 3)}…`);
        }
      }
    }
  }
  for (const [name, text] of Object.entries(texts)) {
    for (const s of wanted) if (text.includes(s)) hits.push(`${name}: ${s.slice(0, 3)}…`);
  }
  return hits;
}
