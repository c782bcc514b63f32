import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'swyft-demo';
export const demo = {
  customer: 'customer@swyft.local',
  partner: 'partner@swyft.local',
  admin: 'admin@swyft.local',
};
/** Generous: the machine is shared; we wait for what a user would see, never for a fixed time. */
export const UI_TIMEOUT = 30_000;
export const phone = { width: 390, height: 844 };
export const desktop = { width: 1440, height: 900 };
const screenshots = path.resolve(import.meta.dirname, '../screenshots');
/** An XYZ map tile's address (`…/{z}/{x}/{y}.png`). */
const MAP_TILE = /\/\d+\/\d+\/\d+\.png(\?|$)/;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Several windows in one run: none of them may be throttled as a background tab.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Browser console errors and uncaught exceptions seen on this page. */
  errors: string[];
}

/** A fresh browser profile (its own cookies) on the running server, with console errors collected. */
export async function openContext(browser: Browser, viewport = phone): Promise<Person> {
  const context = await browser.newContext({
    baseURL: inject('e2eBaseUrl'),
    viewport,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // A 401 before signing in (the app asks /me) and 403 after being disabled are expected answers.
    if (message.type() !== 'error' || /status of 40[13]/.test(message.text())) return;
    // Map tiles cannot load here (no internet); the maps draw without them, as they must.
    if (/^Failed to load resource/.test(message.text()) && MAP_TILE.test(message.location().url)) return;
    // A point outside every delivery area is a 422 answer the checkout shows as such.
    if (/status of 422/.test(message.text()) && message.location().url.includes('/delivery-quote?')) return;
    errors.push(message.text());
  });
  return { context, page, errors };
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Marks the document; `assertNoReload` proves later that what changed came without a page load. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
}
export async function assertNoReload(page: Page): Promise<void> {
  const same = await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
  if (!same) throw new Error(`${page.url()} was reloaded`);
}

/**
 * What the person sees (the viewport; with `full`, the whole page), as e2e/screenshots/<name>.png
 * (gitignored), to look at after a run.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { top?: boolean; full?: boolean } = {},
): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  if (options.top) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: options.full ?? false });
}

/** Waits until the page's connection indicator says the live connection is up. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page.locator('output[data-connection="live"]:visible').first().waitFor();
}

/**
 * At checkout, deliver to a point on the map rather than a saved address (the demo customers have some),
 * so that the address field is there to fill; the pin stays where the checkout put it.
 */
export async function chooseMapPoint(page: Page): Promise<void> {
  const field = page.getByLabel('Delivery address');
  const elsewhere = page.getByRole('radio', { name: /Somewhere else/ });
  await field.or(elsewhere).first().waitFor();
  if (await elsewhere.isVisible()) await elsewhere.check();
  await field.waitFor();
}

/**
 * Completes a delivery on the partner's phone as a partner does: the customer's code on the keypad, then
 * the confirm button held down (a tap never delivers).
 */
export async function confirmDelivery(page: Page, code: string): Promise<void> {
  const keypad = page.getByRole('group', { name: 'Keypad' });
  await page.getByTestId('handover-code').fill('');
  for (const digit of code) await keypad.getByRole('button', { name: digit, exact: true }).click();
  await holdConfirm(page);
}

/** Holds the partner's "Hold to confirm delivery" button down until it acts (about a second). */
export async function holdConfirm(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Hold to confirm delivery' });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error('the confirm button is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(1600);
  await page.mouse.up();
}
