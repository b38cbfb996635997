import { expect } from '@playwright/test';
import { simControl, test } from './fixtures.ts';
import { connectAndOpen } from './ui-flows.ts';

interface Logged {
  method: string;
  path: string;
  status: number;
}

/** The module's fields are cached for an hour; "Refresh fields" fetches them from the vendor again. */
test('Refresh fields fetches the module metadata again, once', async ({ appPage: page, sim }) => {
  const log = async () => ((await simControl(sim, 'simplicate', 'GET', 'log')) as { requests: Logged[] }).requests;
  const customFields = (rows: Logged[]) => rows.filter((r) => r.path.endsWith('/crm/organizationcustomfields'));
  await connectAndOpen(page, 'simplicate', 'crm/organization');
  const before = customFields(await log()).length;
  expect(before).toBeGreaterThanOrEqual(1);
  // Reopening the module uses the cache: no metadata request.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Refresh fields' })).toBeEnabled();
  expect(customFields(await log())).toHaveLength(before);
  await page.getByRole('button', { name: 'Refresh fields' }).click();
  await expect(page.getByRole('button', { name: 'Refresh fields' })).toBeEnabled();
  await expect.poll(async () => customFields(await log()).length).toBe(before + 1);
});
