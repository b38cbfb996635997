import type { CreateServicesOptions } from '../main/services/index.ts';
import { parseCommandArgs } from './args.ts';
import type { Command, CommandEntry } from './command.ts';
import { commandEntries } from './commands/index.ts';
import { CliContext, type CliIo } from './context.ts';
import { terminalText } from './terminal-text.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, errorLine, exitCodeFor } from './errors.ts';

/**
 * Runs one CLI invocation and returns its exit code. Prints the result on stdout (one JSON document with
 * `--json`), or one line on stderr for an error: never a stack, never a secret.
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  servicesOptions: Partial<CreateServicesOptions> = {},
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic) return printCommandHelp(io, topic);
    io.stdout.write(await generalHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = findEntry(name);
  if (!entry) {
    io.stderr.write(terminalText(`crm: unknown command "${name}" (run crm --help for the list)`) + '\n');
    return EXIT_USAGE;
  }
  const ctx = new CliContext(io, false, servicesOptions);
  try {
    const { command } = await entry.load();
    const args = parseCommandArgs(command, rest);
    if (args.flag('help')) {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    ctx.json = args.flag('json');
    ctx.withStore = command.usesStore ? command.usesStore(args) : true;
    const result = await command.run(ctx, args);
    // `--json` stays exact; text for a person loses any control character a vendor's value holds.
    const text = ctx.json ? JSON.stringify(result.json) : terminalText(result.human());
    io.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
    return EXIT_OK;
  } catch (err) {
    io.stderr.write(terminalText(`crm ${name}: ${errorLine(err)}`) + '\n');
    return exitCodeFor(err);
  } finally {
    await ctx.close().catch(() => undefined);
  }
}

function findEntry(name: string): CommandEntry | undefined {
  return commandEntries.find((e) => e.name === name);
}

async function printCommandHelp(io: CliIo, topic: string): Promise<number> {
  const entry = findEntry(topic);
  if (!entry) {
    io.stderr.write(terminalText(`crm: unknown command "${topic}"`) + '\n');
    return EXIT_USAGE;
  }
  try {
    io.stdout.write(commandHelp((await entry.load()).command));
    return EXIT_OK;
  } catch (err) {
    io.stderr.write(terminalText(`crm help: ${errorLine(err)}`) + '\n');
    return err instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
  }
}

function commandHelp(cmd: Command): string {
  const lines = [`Usage: crm ${cmd.name} ${cmd.usage}`, '', cmd.summary, ''];
  const opts = Object.entries(cmd.options).filter(([, o]) => o.help);
  if (opts.length > 0) {
    lines.push('Options:');
    const width = Math.max(...opts.map(([k]) => k.length)) + 2;
    for (const [k, o] of opts) lines.push(`  --${k.padEnd(width)}${o.help}`);
  }
  lines.push('Every command takes --json: print exactly one JSON document on stdout.', '');
  return lines.join('\n');
}

async function generalHelp(): Promise<string> {
  const width = Math.max(...commandEntries.map((e) => e.name.length)) + 2;
  return [
    'Usage: crm <command> [arguments] [--json]',
    '',
    'Commands:',
    ...commandEntries.map((e) => `  ${e.name.padEnd(width)}${e.summary}`),
    '',
    'Environment:',
    "  CRM_HOME              data folder (default: the platform's app-data folder, e.g. ~/.config/crm-desk)",
    "  CRM_SECRET_<NAME>     a connection's secrets as one JSON object, for this run only (wins over the keychain)",
    '  CRM_RATE_LIMIT=off    no client-side rate limiter (only for simulators started with --limits off)',
    '',
    'Run crm help <command> for its options.',
    '',
  ].join('\n');
}
