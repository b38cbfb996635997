import type { CliContext } from './context.ts';
import type { ParsedArgs } from './args.ts';

export type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string; help?: string };

/** One CLI command: its arguments, and a run that returns what to print (never prints by itself). */
export interface Command {
  name: string;
  summary: string;
  /** Positional arguments in order, e.g. ['name', 'module', 'id']. */
  positionals: string[];
  /** Name of a trailing list of optional positionals (`sync <name> [module ...]`). */
  rest?: string;
  options: Record<string, OptionSpec>;
  /** The usage line after the command name, e.g. "<name> <module> [--page N]". */
  usage: string;
  /**
   * Whether this run needs the offline store (sync, exports, outbox, --offline). Default: yes. Commands
   * that only talk to the vendor say no, so they never load the store's modules (the connectors' own
   * request window and metadata cache still open the data folder's connector-state.sqlite).
   */
  usesStore?: (args: ParsedArgs) => boolean;
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
