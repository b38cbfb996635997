import { expect, hostCall as rpc, test } from './fixtures.ts';
import { connectAndOpen, gridIdle, gridRows, readSimRecord, saveForm } from './ui-flows.ts';

// Issue 13: an owner field reads as the user's name, never the id, in the grid and in the form, and is
// changed with the search picker; the vendor then holds the new user's id (read straight from the
// simulator). SarvCRM's owners are UUIDs, the case the issue names.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const OWNER = 'assigned_user_id';

test('a Sarv owner shows as a name in grid and form and is changed with the picker', async ({
  appPage: page,
  app,
  sim,
}) => {
  test.setTimeout(90_000);
  await connectAndOpen(page, 'sarv', 'Accounts');
  const connection =
    (await rpc<{ name: string; vendor: string }[]>(app, 'connections.list', {})).find((c) => c.vendor === 'sarv')
      ?.name ?? '';
  const row = gridRows(page).first();
  const id = (await row.getAttribute('data-row-id')) ?? '';
  const before = await readSimRecord(sim, 'sarv', 'Accounts', id);
  const ownerId = String(before?.[OWNER] ?? '');
  expect(ownerId).not.toBe('');
  // The name the vendor itself prints beside the id (its relate field).
  const ownerName = async () =>
    String(
      (await rpc<Record<string, unknown>>(app, 'records.get', { connection, module: 'Accounts', id }))
        .assigned_user_name,
    );
  const name = await ownerName();

  // The grid: the owner's name, not its id.
  const cell = row.locator(`[data-column="${OWNER}"]`);
  await expect(cell).toHaveText(name);
  await expect(cell).not.toContainText(ownerId);

  // The form: the picker shows the name; "created by" (read-only) a name too.
  await row.getByRole('button', { name: /Open record/ }).click();
  const form = page.getByTestId('record-form');
  await expect(form).toBeVisible();
  const picker = form.getByTestId(`picker-${OWNER}`);
  await expect(picker).toHaveAttribute('data-value', ownerId);
  const box = picker.getByRole('combobox');
  await expect(box).toHaveValue(name);
  const createdBy = form.locator('[data-name="created_by"]');
  await expect(createdBy).toHaveCount(1);
  await expect(createdBy).not.toHaveText(UUID);
  await expect(createdBy).not.toHaveText('—');

  // Change it: the picker lists the users by name; search for another one by part of the name.
  await box.click();
  const options = picker.getByRole('option');
  await expect(options.first()).toBeVisible();
  const offered = await options.evaluateAll((els) =>
    els.map((e) => ({
      id: (e.querySelector('.mono')?.textContent ?? '').replace(/^#/, ''),
      label: (e.firstChild?.textContent ?? '').trim(),
    })),
  );
  const other = offered.find((o) => o.id !== ownerId && o.label !== '' && !UUID.test(o.label));
  expect(other, 'the picker offers another user by name').toBeDefined();
  const part = (other?.label ?? '').split(' ')[0] ?? '';
  await box.fill(part);
  const choice = options.filter({ hasText: `#${other?.id}` });
  await expect(choice).toBeVisible();
  await expect
    .poll(async () => (await options.allTextContents()).every((t) => t.toLowerCase().includes(part.toLowerCase())))
    .toBe(true);
  await choice.click();
  await expect(picker).toHaveAttribute('data-value', other?.id ?? '');
  await expect(box).toHaveValue(other?.label ?? '');
  await saveForm(page);

  // The vendor holds the new user's id; the form and the grid show the new name.
  await expect.poll(async () => (await readSimRecord(sim, 'sarv', 'Accounts', id))?.[OWNER]).toBe(other?.id);
  expect(await ownerName()).toBe(other?.label);
  await expect(box).toHaveValue(other?.label ?? '');
  await page.getByRole('button', { name: 'Back to the list' }).click();
  await gridIdle(page);
  await expect(page.locator(`.grid-body [data-row-id="${id}"] [data-column="${OWNER}"]`)).toHaveText(
    other?.label ?? '',
  );
});
