// Child process for request-budget.test.ts: takes `count` slots from the data folder's shared window
// and prints when it got each one (ms since the epoch), one JSON array on stdout.
import { RequestBudget } from '../../../src/main/connectors/common/request-budget.ts';
import { leaseStateDb } from '../../../src/main/connectors/common/state-db.ts';

const [dataDir, requests, perMs, count] = process.argv.slice(2);
if (!dataDir || !requests || !perMs || !count)
  throw new Error('usage: budget-child <dataDir> <requests> <perMs> <count>');
const lease = leaseStateDb(dataDir);
const budget = new RequestBudget({
  db: lease.db,
  bucket: 'shared-account',
  limit: { requests: Number(requests), perMs: Number(perMs) },
  vendorLabel: 'Test vendor',
});
const times: number[] = [];
for (let i = 0; i < Number(count); i++) {
  const slot = await budget.take();
  times.push(Date.now());
  slot.done();
}
lease.release();
process.stdout.write(JSON.stringify(times));
