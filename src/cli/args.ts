import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import { cli } from './i18n.ts';

export type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string; help?: string };

/** What parsing needs to know of a command (a `Command` is one). */
export interface ArgsSpec {
  name: string;
  /** Positional arguments in order, e.g. ['name', 'module', 'id']. */
  positionals: readonly string[];
  /** Name of a trailing list of optional positionals (`sync <name> [module ...]`). */
  rest?: string;
  options: Record<string, OptionSpec>;
  /** The usage line after the command name, for error messages. */
  usage: string;
}

type Value = string | boolean | string[] | undefined;

/** Options every command takes. */
export const globalOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'print exactly one JSON document on stdout' },
  help: { type: 'boolean', short: 'h', help: "show this command's usage" },
};

/** A command's arguments after parsing, with typed accessors that raise usage errors. */
export class ParsedArgs {
  readonly command: string;
  readonly positional: Readonly<Record<string, string>>;
  readonly rest: readonly string[];
  private readonly values: Record<string, Value>;

  constructor(command: string, positional: Record<string, string>, rest: string[], values: Record<string, Value>) {
    this.command = command;
    this.positional = positional;
    this.rest = rest;
    this.values = values;
  }

  arg(name: string): string {
    const v = this.positional[name];
    if (v === undefined) throw new UsageError(cli().t('cli.missingArgument', { command: this.command, name }));
    return v;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  requireString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === '')
      throw new UsageError(cli().t('cli.requiredOption', { command: this.command, option: name }));
    return v;
  }

  strings(name: string): string[] {
    const v = this.values[name];
    if (Array.isArray(v)) return v;
    return typeof v === 'string' ? [v] : [];
  }

  /** A whole number option within [min, max], or the default. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v))
      throw new UsageError(cli().t('cli.wholeNumber', { command: this.command, option: name, value: v }));
    const n = Number(v);
    if (n < min || n > max)
      throw new UsageError(cli().t('cli.between', { command: this.command, option: name, min, max }));
    return n;
  }
}

/** Parses argv (after the command name) against the command's declared positionals and options. */
export function parseCommandArgs(cmd: ArgsSpec, argv: string[]): ParsedArgs {
  const options: Record<string, OptionSpec> = { ...globalOptions, ...cmd.options };
  let parsed: { values: Record<string, Value>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([k, o]) => [
          k,
          { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    }) as { values: Record<string, Value>; positionals: string[] };
  } catch (err) {
    throw new UsageError(`${cmd.name}: ${(err as Error).message.split('\n')[0]}`);
  }
  const positional: Record<string, string> = {};
  const given = parsed.positionals;
  if (parsed.values.help === true) return new ParsedArgs(cmd.name, positional, [], parsed.values);
  cmd.positionals.forEach((name, i) => {
    const v = given[i];
    if (v === undefined)
      throw new UsageError(cli().t('cli.missingArgumentUsage', { command: cmd.name, name, usage: cmd.usage }));
    positional[name] = v;
  });
  const rest = given.slice(cmd.positionals.length);
  if (rest.length > 0 && !cmd.rest) {
    throw new UsageError(
      cli().t('cli.unexpectedArgument', { command: cmd.name, value: rest[0] ?? '', usage: cmd.usage }),
    );
  }
  return new ParsedArgs(cmd.name, positional, rest, parsed.values);
}

/** Splits `--set key=value` into its parts (the value may contain '='). */
export function parseAssignments(items: string[], option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(cli().t('cli.assignment', { option, value: item }));
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
