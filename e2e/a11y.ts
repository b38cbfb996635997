import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** What axe found on one screen in one theme (serious and critical only). */
export interface A11yFinding {
  screen: string;
  theme: string;
  rule: string;
  impact: string;
  targets: string[];
}

/** Every finding of this run, for the summary a11y.spec.ts prints (the figures SECURITY.md quotes). */
export const findings: A11yFinding[] = [];
export let screensChecked = 0;

const SEVERE = new Set(['serious', 'critical']);

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA, plus the check that a control's visible label is part of its
 * accessible name) on the page as it is, in the current theme and, with `bothThemes`, in the other one
 * too (and back). Fails on any serious or critical violation.
 */
export async function expectAccessible(page: Page, screen: string, opts: { bothThemes?: boolean } = {}) {
  const found: A11yFinding[] = [];
  const themes = opts.bothThemes ? 2 : 1;
  for (let i = 0; i < themes; i++) {
    if (i > 0) await toggleTheme(page);
    found.push(...(await scan(page, screen)));
  }
  if (themes > 1) await toggleTheme(page);
  findings.push(...found);
  expect.soft(found, `axe on ${screen}`).toEqual([]);
}

async function scan(page: Page, screen: string): Promise<A11yFinding[]> {
  screensChecked++;
  const theme = (await page.locator('html').getAttribute('data-theme')) ?? 'light';
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return result.violations
    .filter((v) => SEVERE.has(v.impact ?? '') || v.id === 'label-content-name-mismatch')
    .map((v) => ({
      screen,
      theme,
      rule: v.id,
      impact: v.impact ?? '',
      targets: v.nodes.map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
    }));
}

/** Flips the theme attribute the app's colours key on (the toggle itself may sit behind a modal). */
async function toggleTheme(page: Page) {
  await page.evaluate(() => {
    const root = document.documentElement;
    root.dataset['theme'] = root.dataset['theme'] === 'dark' ? 'light' : 'dark';
  });
}
