import { expect, test } from './fixtures.ts';

// The app as a user starts it: the window's title, the first screen on the demo workspace, and the
// browser host's token guarding every call from the page itself.
test('opens on the demo workspace with one connection per vendor', async ({ appPage: page, app }) => {
  await expect(page).toHaveTitle('CRM Desk');
  await expect(page.getByText('demo workspace')).toBeVisible();
  for (const label of ['Simply CRM', 'Simplicate', 'SmartSimple', 'SarvCRM', 'SpotlerCRM']) {
    await expect(page.getByRole('button', { name: new RegExp(`Demo · ${label}`) }).first()).toBeVisible();
  }
  // The token arrived in the fragment and left the address bar at once.
  if (!app.electron) expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: 'e2e/artifacts/first-screen.png' });
});

test('the browser host refuses a call without the token, even from the app page', async ({ appPage: page, app }) => {
  test.skip(Boolean(app.electron), 'the Electron app has no HTTP host');
  const status = await page.evaluate(async () => {
    const res = await fetch('/rpc/connections.list', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    return res.status;
  });
  expect(status).toBe(401);
});
