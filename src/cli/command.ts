import type { CliContext } from './context.ts';
import type { ArgsSpec, ParsedArgs } from './args.ts';

export type { OptionSpec } from './args.ts';

/** One CLI command: its arguments (ArgsSpec), and a run that returns what to print (never prints). */
export interface Command extends ArgsSpec {
  summary: string;
  /**
   * Whether this run needs the offline store (sync, exports, outbox, --offline). Default: yes. Commands
   * that only talk to the vendor say no, so they never load the store's modules (the connectors' own
   * request window and metadata cache still open the data folder's connector-state.sqlite).
   */
  usesMirror?: (args: ParsedArgs) => boolean;
  run(ctx: CliContext, args: ParsedArgs): Promise<CommandResult>;
}

export interface CommandResult {
  /** Printed as one JSON document with `--json`. */
  json: unknown;
  /** Printed otherwise. */
  human: () => string;
}

/** A registry entry: the command module is imported only when it runs (or for help). */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<{ command: Command }>;
}
