import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

// The reviewers' page in a real headless Chromium: sign-in checks the password set with the user,
// the queue shows a flagged post with its text escaped, sign-out ends the session.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the review workspace in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const lure = 'Contract service in Russia for foreigners <b>now</b>: $20,000 signing bonus, drone operators and drivers, no Russian needed. WhatsApp +374 55 123456';

  beforeAll(async () => {
    t = await startTestApp();
    await addUser(t.deps.db, { name: 'rita', role: 'reviewer', password: 'correct horse battery' });
    const res = await t.app.inject({
      method: 'POST', url: '/api/posts',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      payload: { source: 'api', channel: 'flyers', externalId: 'w1', text: lure },
    });
    const itemId = res.json().itemId;
    await waitFor('a review case', async () => {
      const item = await t.app.inject({ method: 'GET', url: `/api/items/${itemId}`, headers: { authorization: `Bearer ${t.token}` } });
      return item.json().review?.caseId;
    });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('refuses a wrong password and says so', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('rita');
    await page.getByLabel('Password').fill('wrong');
    await page.click('button[type=submit]');
    await expect(page.textContent('[role=alert]')).resolves.toContain('Wrong name or password');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('signs in with the right password, shows the flagged post escaped, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('rita');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
    await expect(page.textContent('header')).resolves.toContain('Signed in as rita (reviewer)');
    const excerpt = await page.textContent('tr[data-case] .excerpt');
    expect(excerpt).toContain('<b>now</b>'); // shown as text, not markup
    expect(await page.locator('tr[data-case] b').count()).toBe(0);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'rw_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.click('header button[type=submit]');
    await page.waitForURL(`${base}/login`);
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('opens the item with its evidence marked, confirms it, and the case leaves the queue', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'rita', 'correct horse battery');
    await page.click('tr[data-case] .excerpt a');
    await page.waitForURL(/\/items\//);
    const marks = await page.locator('[data-text] mark').allTextContents();
    expect(marks.join(' ')).toMatch(/20,000|WhatsApp|drone/i);
    await expect(page.textContent('[data-score]')).resolves.toContain('flagged');
    await page.fill('#note', 'same flyer as last week');
    await page.click('button[value=confirmed]');
    await page.waitForURL(`${base}/`);
    expect(await page.locator('tr[data-case]').count()).toBe(0);
    const queue = await t.app.inject({ method: 'GET', url: '/api/review/queue?status=confirmed', headers: { authorization: `Bearer ${t.token}` } });
    expect(queue.json().items).toHaveLength(1);
    await context.close();
  });

  it('shows a viewer the item but no decision buttons', async () => {
    await addUser(t.deps.db, { name: 'vic', role: 'viewer', password: 'only looking here' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'vic', 'only looking here');
    const queue = await t.app.inject({ method: 'GET', url: '/api/review/queue?status=confirmed', headers: { authorization: `Bearer ${t.token}` } });
    await page.goto(`${base}/items/${queue.json().items[0].itemId}`);
    await expect(page.textContent('[data-case-status]')).resolves.toBe('confirmed');
    expect(await page.locator('button[value=confirmed]').count()).toBe(0);
    await context.close();
  });

  async function signIn(page: import('playwright-core').Page, name: string, password: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
  }

  it('refuses a sign-in form posted from another site', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: 'name=rita&password=correct+horse+battery',
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
