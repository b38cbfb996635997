// The headless CLI: `npm run --silent cli -- <command> ...` or `bin/crm <command> ...` (docs/cli.md,
// every command and its JSON). Never imports electron: it would print to stdout.
import './quiet-warnings.ts';
import { runCli } from './run.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});

// Exit once stdout is flushed, without waiting for idle keep-alive sockets or a D-Bus connection.
process.stdout.write('', () => process.exit(code));
