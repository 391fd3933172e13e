import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, SCREENS, signIn } from '../helpers/browser.ts';
import { candidatePackWithZorblat, flaggedText, zorblatText } from '../helpers/candidate-pack.ts';
import { seedDecided } from '../helpers/decided.ts';

// An admin in a real Chromium: opens rule analytics (the table and the chart), then backtests a
// candidate pack from the backtest page and reads its result when the page has reloaded itself.

describe('analytics and backtest in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let pack: ReturnType<typeof candidatePackWithZorblat>;
  const violations: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ workers: [] });
    pack = candidatePackWithZorblat();
    const seed = async (text: string, status: 'confirmed' | 'dismissed') => {
      const r = t.deps.scorer.score(text);
      await seedDecided(t.deps.db, { text, matches: r.matches, details: r.details, score: r.score, status, packVersion: r.packVersion });
    };
    await seed(zorblatText(1), 'confirmed');
    await seed(zorblatText(2), 'confirmed');
    await seed(zorblatText(3), 'dismissed');
    await seed(flaggedText(1), 'confirmed');
    await seed(flaggedText(2), 'dismissed');
    await addUser(t.deps.db, { name: 'ada', role: 'admin', password: 'ada correct horse battery' });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    pack?.remove();
  });

  it('an admin reads the analytics and runs a backtest of a candidate pack', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    await signIn(page, base, 'ada');

    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.waitForURL(`${base}/admin/analytics`);
    const chart = page.getByRole('img', { name: 'Precision of each rule on decided items, with its 95% interval' });
    await expect(chart.isVisible()).resolves.toBe(true);
    expect(await chart.locator('g[data-rule]').count()).toBeGreaterThan(3);
    const table = page.getByRole('table', { name: 'Rules: items they fired on, by decision' });
    const army = table.getByRole('row', { name: /mil\.en\.army/ });
    await expect(army.getByRole('cell').allTextContents()).resolves.toEqual(['MIL-ROLE', '1', '1', '50.0%', expect.stringMatching(/^\d+\.\d% – \d+\.\d%$/), 'weekly']);
    await page.screenshot({ path: `${SCREENS}/admin-analytics.png`, fullPage: true });

    await page.getByRole('link', { name: 'Backtest' }).click();
    await page.getByLabel(/Candidate pack directory/).fill(pack.dir);
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.waitForURL(/\/admin\/backtest\?run=/);
    // the page reloads itself (meta refresh) until the run is done
    await page.locator('[data-run-status]', { hasText: 'done' }).waitFor({ timeout: 120_000 });
    await expect(page.getByRole('heading', { name: /^Newly flagged: 3 \(2 confirmed, 1 dismissed\)$/ }).isVisible()).resolves.toBe(true);
    const sides = page.getByRole('table', { name: /Both packs against the reviewers' decisions/ });
    await expect(sides.getByRole('row', { name: /^candidate/ }).getByRole('cell').allTextContents()).resolves.toEqual(['5', '0.600', '1.000', '3', '2', '0', '0']);
    await expect(page.getByRole('row', { name: /test\.zorblat/ }).getByRole('cell').allTextContents()).resolves.toEqual(['0', '0', '2', '1']);
    await page.screenshot({ path: `${SCREENS}/admin-backtest.png`, fullPage: true });
    expect(violations).toEqual([]);
    await context.close();
  }, 240_000);
});
