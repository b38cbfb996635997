import { expect, test } from './fixtures.ts';
import { connectAndOpen, gridRows } from './ui-flows.ts';

// The grid renders only the rows in view (GridRows): rows enter and leave the page as it scrolls. A row's
// stripe belongs to the row, so it must not flip when rows above it leave the page.

test('grid: while scrolling, each row keeps its stripe and the stripes alternate', async ({ appPage: page }) => {
  await connectAndOpen(page, 'simply', 'Accounts');
  const grid = page.locator('.grid');
  const watched = gridRows(page).nth(24);
  const id = await watched.getAttribute('data-row-id');
  expect(id).not.toBeNull();
  const row = page.locator(`.grid-body .grid-row[data-row-id="${id}"]`);
  const stripe = await row.evaluate((el) => getComputedStyle(el).backgroundColor);

  let removed = 0;
  for (let step = 1; step <= 12; step++) {
    const before = await gridRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id')));
    await grid.evaluate((el) => {
      el.scrollTop += 30;
    });
    // The rows follow the scroll event; two frames later they are laid out.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await gridRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id')));
    removed += before.filter((x) => !after.includes(x)).length;
    if ((await row.count()) === 0) break;
    expect(await row.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(stripe);
    // Neighbours by position on screen alternate (the active row, the first, is out of view by now).
    const colours = await gridRows(page).evaluateAll((rows) =>
      rows
        .filter((r) => !r.classList.contains('active'))
        .map((r) => ({ top: r.getBoundingClientRect().top, bg: getComputedStyle(r).backgroundColor }))
        .sort((a, b) => a.top - b.top),
    );
    for (let i = 1; i < colours.length; i++) {
      if (Math.round(colours[i]!.top - colours[i - 1]!.top) === 30) expect(colours[i]!.bg).not.toBe(colours[i - 1]!.bg);
    }
  }
  // The scroll did take rows out of the page (or the test would prove nothing).
  expect(removed).toBeGreaterThan(1);
});
