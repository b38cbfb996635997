/**
 * Digits as a Persian user may type them: Extended Arabic-Indic (۰–۹, Persian keyboards) or Arabic-Indic
 * (٠–٩, Arabic keyboards), with the Arabic decimal (٫) and thousands (٬) separators. Turned into ASCII
 * before a value is parsed; everything else is left as it is.
 */
const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

export function toLatinDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= PERSIAN_ZERO && code <= PERSIAN_ZERO + 9) out += String(code - PERSIAN_ZERO);
    else if (code >= ARABIC_ZERO && code <= ARABIC_ZERO + 9) out += String(code - ARABIC_ZERO);
    else if (ch === '٫') out += '.';
    else if (ch === '٬') out += '';
    else out += ch;
  }
  return out;
}

/** A number typed with any of those digits (thousands separators dropped), or null. */
export function parseLocalNumber(text: string): number | null {
  const plain = toLatinDigits(text)
    .replace(/[,\s]/g, '')
    .replace(/^\u2212/, '-');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(plain)) return null;
  return Number(plain);
}
