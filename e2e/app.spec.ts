import { expect, launchUrl, test } from './fixtures.ts';

// The app as a user starts it: the window's title, the first screen on the demo workspace, and the
// browser host's token guarding every call from the page itself.
test('opens on the demo workspace with one connection per vendor', async ({ appPage: page, app }) => {
  await expect(page).toHaveTitle('CRM Desk');
  await expect(page.getByText('demo workspace')).toBeVisible();
  for (const label of ['Simply CRM', 'Simplicate', 'SmartSimple', 'SarvCRM', 'SpotlerCRM']) {
    await expect(page.getByRole('button', { name: new RegExp(`Demo · ${label}`) }).first()).toBeVisible();
  }
  // The launch code left the address bar at once.
  if (!app.electron) expect(page.url()).toBe(`${app.origin}/`);
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

test('a launch address opens the app once; a second page on it gets no session', async ({ browser, app }) => {
  test.skip(Boolean(app.electron), 'the Electron app has no HTTP host');
  const url = await launchUrl(app);
  const first = await browser.newPage();
  await first.goto(url);
  await expect(first.getByRole('button', { name: /Demo · Simply CRM/ }).first()).toBeVisible();
  const second = await browser.newPage();
  await second.goto(url);
  await expect(second.getByText(/no session with the app host/).first()).toBeVisible();
  await first.close();
  await second.close();
});
