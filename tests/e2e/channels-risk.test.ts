import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, SCREENS, signIn } from '../helpers/browser.ts';
import { waitFor } from '../helpers/wait.ts';

// The channels page in Chromium: an admin sees a channel reviewers confirmed among the channels
// seen but not watched, with its risk and why, watches it with one button, and it moves up top.
const LURE = 'Contract military service in Russia for foreigners. $20,000 signing bonus, drone operators wanted, no Russian needed. WhatsApp +374 55 480001';

describe('channel risk on the channels page', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const dialogs: string[] = [];
  const api = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${t.token}` } });

  async function post(channel: string, externalId: string, text: string): Promise<string> {
    const res = await api('POST', '/api/posts', { channel, externalId, text });
    expect(res.statusCode).toBe(202);
    const id: string = res.json().itemId;
    await waitFor(`${channel}/${externalId} scored`, async () => (await api('GET', `/api/items/${id}`)).json().status === 'scored');
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await addUser(t.deps.db, { name: 'ada', role: 'admin', password: 'ada correct horse battery' });
    const confirmed = await post('recruit_a', '1', LURE);
    await post('<script>alert(1)</script>', '1', `${LURE} (copy)`); // shares the WhatsApp: some risk, no public handle
    await post('news_feed', '1', 'Weather tomorrow: sunny.');
    const caseId = (await api('GET', `/api/items/${confirmed}`)).json().review.caseId;
    expect((await api('POST', `/api/review/cases/${caseId}/decision`, { decision: 'confirmed' })).statusCode).toBe(200);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists seen channels by risk with the breakdown, and watches one with its button', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await signIn(page, base, 'ada');
    await page.goto(`${base}/admin/channels`);

    const seen = await page.locator('tr[data-seen-channel]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-seen-channel'), r.querySelector('[data-risk]')?.getAttribute('data-risk')]));
    expect(seen[0]).toEqual(['recruit_a', '30']);
    expect(seen.map(([c]) => c)).toContain('<script>alert(1)</script>');
    expect(seen.map(([c]) => c).indexOf('news_feed')).toBeGreaterThan(seen.map(([c]) => c).indexOf('<script>alert(1)</script>'));
    await expect(page.textContent('tr[data-seen-channel=recruit_a]')).resolves.toContain('1 confirmed +30');
    // a channel without a public handle cannot be watched: no button, and its name is only text
    await expect(page.locator('tr[data-seen-channel="<script>alert(1)</script>"] button').count()).resolves.toBe(0);
    await expect(page.textContent('tr[data-seen-channel="<script>alert(1)</script>"]')).resolves.toMatch(/1 contact shared with confirmed items \(phone \+37455480001, whatsapp \+37455480001\) \+10/);

    await page.getByRole('button', { name: 'Watch recruit_a' }).click();
    await expect(page.textContent('[role=status]')).resolves.toContain('Watching recruit_a');
    await expect(page.getAttribute('tr[data-channel-row=recruit_a] [data-risk]', 'data-risk')).resolves.toBe('30');
    await expect(page.locator('tr[data-seen-channel=recruit_a]').count()).resolves.toBe(0);
    await page.screenshot({ path: `${SCREENS}/channels-risk.png`, fullPage: true });
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
