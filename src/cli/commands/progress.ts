import { terminalText } from '../terminal-text.ts';
import type { CliContext } from '../context.ts';

/**
 * A progress line for sync and export, rewritten in place on stderr, only when stderr is a terminal
 * (scripts and `--json` runs see no progress noise). Returns undefined when there is no terminal.
 */
export function progressLine(
  ctx: CliContext,
  describe: (done: number) => string,
): ((done: number, text?: string) => void) | undefined {
  const stderr = ctx.io.stderr as NodeJS.WriteStream;
  if (!stderr.isTTY) return undefined;
  let last = 0;
  return (done, text) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    stderr.write(`\r\x1b[K${terminalText(text ?? describe(done))}`);
  };
}
