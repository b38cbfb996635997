// Node 22 warns "ExperimentalWarning: SQLite is an experimental feature" whenever node:sqlite loads (the
// offline store, the connectors' request window and metadata cache). The npm script and bin/crm pass
// --disable-warning=ExperimentalWarning; this keeps stderr clean for scripts when the CLI is started
// with plain `node src/cli/main.ts` too. Every other warning is still printed.
process.removeAllListeners('warning');
process.on('warning', (w: Error) => {
  if (w.name === 'ExperimentalWarning' && /SQLite/i.test(w.message)) return;
  process.stderr.write(`${w.name}: ${w.message}\n`);
});
