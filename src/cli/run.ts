import { vendorIdSchema } from '../shared/crm-vendors.ts';
import type { CreateServicesOptions } from '../main/services/index.ts';
import { parseCommandArgs } from './args.ts';
import type { Command, CommandEntry } from './command.ts';
import { commandEntries } from './commands/index.ts';
import { CliContext, type CliIo } from './context.ts';
import { terminalText } from './terminal-text.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, errorLine, exitCodeFor } from './errors.ts';
import { cli, languageList, lookup, pickLanguage, useCliLanguage } from './i18n.ts';

/**
 * Runs one CLI invocation and returns its exit code. Prints the result on stdout (one JSON document with
 * `--json`), or one line on stderr for an error: never a stack, never a secret.
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  servicesOptions: Partial<CreateServicesOptions> = {},
): Promise<number> {
  const picked = pickLanguage(argv, io.env);
  useCliLanguage(picked.language);
  if (!picked.ok) {
    io.stderr.write(
      terminalText(`crm: ${cli().t('cli.badLanguage', { languages: languageList, value: picked.value })}`) + '\n',
    );
    return EXIT_USAGE;
  }
  const [name, ...rest] = picked.argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic) return printCommandHelp(io, topic);
    io.stdout.write(await generalHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = findEntry(name);
  if (!entry) {
    io.stderr.write(terminalText(`crm: ${cli().t('cli.unknownCommand', { name })}`) + '\n');
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
    ctx.withMirror = command.usesMirror ? command.usesMirror(args) : true;
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
    io.stderr.write(terminalText(`crm: ${cli().t('cli.unknownTopic', { name: topic })}`) + '\n');
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
  const t = cli().t;
  const summary = lookup(`cli.commands.${cmd.name}.summary`) ?? cmd.summary;
  const lines = [t('cli.commandUsage', { name: cmd.name, usage: cmd.usage }), '', summary, ''];
  const opts = Object.entries(cmd.options).filter(([, o]) => o.help);
  if (opts.length > 0) {
    lines.push(t('cli.optionsHeading'));
    const width = Math.max(...opts.map(([k]) => k.length)) + 2;
    for (const [k, o] of opts) lines.push(`  --${k.padEnd(width)}${optionHelp(cmd.name, k, o.help ?? '')}`);
  }
  lines.push(t('cli.jsonNote'), '');
  return lines.join('\n');
}

/**
 * An option's help in the run's language: the command's own entry for it, else the option's shared one;
 * the command's English text where the catalog has neither.
 */
function optionHelp(command: string, option: string, english: string): string {
  const values = { vendors: vendorIdSchema.options.join(', ') };
  return (
    lookup(`cli.commands.${command}.options.${option}`, values) ?? lookup(`cli.options.${option}`, values) ?? english
  );
}

async function generalHelp(): Promise<string> {
  const t = cli().t;
  const width = Math.max(...commandEntries.map((e) => e.name.length)) + 2;
  return [
    t('cli.usage'),
    '',
    t('cli.commandsHeading'),
    ...commandEntries.map((e) => `  ${e.name.padEnd(width)}${lookup(`cli.commands.${e.name}.brief`) ?? e.summary}`),
    '',
    t('cli.environmentHeading'),
    `  ${t('cli.env.home')}`,
    `  ${t('cli.env.secret')}`,
    `  ${t('cli.env.rateLimit')}`,
    `  ${t('cli.env.lang')}`,
    '',
    t('cli.helpFooter'),
    '',
  ].join('\n');
}
