import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

// The e2e tests' browser: Debian's Chromium, headless, with nothing that reaches the internet.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screenshots of the e2e runs, kept out of the repository. */
export const SCREENS = '/tmp/rw-screens';

export function launchChromium(): Promise<Browser> {
  fs.mkdirSync(SCREENS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** The e2e users' password: `<name> correct horse battery`. */
export const passwordOf = (name: string) => `${name} correct horse battery`;

/** Signs in through the sign-in page, as a person would, and waits for the queue. */
export async function signIn(page: Page, base: string, name: string, password = passwordOf(name)): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/review`);
}
