/**
 * C0 and C1 control characters (line feeds and tabs excepted), DEL, and the Unicode bidi overrides and
 * isolates: a vendor's text holding them could move the cursor, recolour or clear the terminal, set its
 * title, or reorder what the reader sees.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text for a person's terminal: every control character shown as U+FFFD. `--json` output never comes here. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}
