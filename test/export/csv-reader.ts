/**
 * A small RFC 4180 reader for the round-trip tests, written apart from the exporter so that a bug in
 * one is not mirrored in the other: quoted fields with doubled quotes, CRLF or LF line ends, embedded
 * line breaks; a UTF-8 byte order mark at the start is skipped.
 */
export function parseCsv(text: string): string[][] {
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      // handled by the '\n'
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else if (ch === '"') {
      throw new Error(`stray quote at offset ${i}`);
    } else {
      cell += ch;
      atCellStart = false;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Undoes the exporter's formula neutralisation: one leading apostrophe before = + - @, a tab or a CR. */
export function unneutralise(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
