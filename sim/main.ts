import { parseArgs } from 'node:util';
import { simVendors, startWorkspace, type SimVendor } from './workspace.ts';

// `npm run --silent sim -- [--records N] [--seed S] [--only a,b] [--limits real|off]`: prints one JSON
// line on stdout (README.md, "Simulators"), then serves until killed.
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200' },
    seed: { type: 'string', default: 'demo' },
    only: { type: 'string' },
    limits: { type: 'string', default: 'real' },
  },
  strict: true,
});

function fail(msg: string): never {
  process.stderr.write(`sim: ${msg}\n`);
  process.exit(2);
}

const records = Number(values.records);
if (!Number.isInteger(records) || records < 0 || records > 10_000_000) fail('--records takes a whole number');
if (values.limits !== 'real' && values.limits !== 'off') fail('--limits takes real or off');
const only = values.only ? values.only.split(',').map((s) => s.trim()) : [];
for (const v of only)
  if (!simVendors.includes(v as SimVendor)) fail(`unknown vendor "${v}" (${simVendors.join(', ')})`);

const ws = await startWorkspace({ records, seed: values.seed, limits: values.limits, only: only as SimVendor[] });
process.stdout.write(JSON.stringify(ws.line) + '\n');
const stop = () => void ws.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
