/**
 * Folds text for search so that it matches the way people type it: lower case, no diacritics (é → e,
 * Arabic harakat), compatibility forms (ﬁ → fi, Arabic presentation forms → letters), the Arabic
 * and Persian variants of the same letter made one (ي ى ئ → ی, ك → ک, ة ە ۀ → ه, أ إ آ ٱ → ا, ؤ → و),
 * no tatweel or zero-width joiners, and Persian and Arabic-Indic digits as 0-9. The index and the
 * query go through the same function, so either spelling finds the other.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u200b-\u200f\u2060\ufeff\u0640]/g, '')
    .replace(/[\u0600-\u06ff]/g, (ch) => letterVariants[ch] ?? digitOf(ch) ?? ch)
    .toLowerCase();
}

const letterVariants: Readonly<Record<string, string>> = {
  '\u064a': '\u06cc', // ي Arabic yeh → ی Persian yeh
  '\u0649': '\u06cc', // ى alef maksura
  '\u0626': '\u06cc', // ئ (when not decomposed)
  '\u0643': '\u06a9', // ك Arabic kaf → ک Persian kaf
  '\u0629': '\u0647', // ة teh marbuta → ه
  '\u06d5': '\u0647', // ە ae (what ۀ decomposes to)
  '\u06c0': '\u0647', // ۀ (when not decomposed)
  '\u0622': '\u0627', // آ
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0671': '\u0627', // ٱ alef wasla
  '\u0624': '\u0648', // ؤ
};

function digitOf(ch: string): string | undefined {
  const c = ch.charCodeAt(0);
  if (c >= 0x06f0 && c <= 0x06f9) return String(c - 0x06f0);
  if (c >= 0x0660 && c <= 0x0669) return String(c - 0x0660);
  return undefined;
}

/** The words of a search, folded, as an FTS5 query: every word must start a word of the record. */
export function searchQuery(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' AND ');
}

/** The folded words of a search (letters and digits), each of which must start a word of the record. */
export function searchWords(text: string): string[] {
  return foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}
