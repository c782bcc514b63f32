import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, placeOrder } from './support/api.js';
import {
  axeFindings,
  describeFindings,
  FAILING_IMPACTS,
  settleAnimations,
  switchColorScheme,
} from './support/audit.js';
import { demo, desktop, launchChromium, openContext, type Person, screenshot, signIn } from './support/browser.js';

/**
 * Nearest-first dispatch in the browser: a partner online with a position near the store gets the order as a
 * wave offer that takes the screen (audited with axe, at 360 and 1440 px); the admin board and live map show
 * the wave, and the order opened once its wave all declined, highlighted.
 */
describe('dispatch: the offer takeover and the board', () => {
  let browser: Browser;
  let partner: Person;
  let admin: Person;
  let customer: Person;

  beforeAll(async () => {
    browser = await launchChromium();
    customer = await openContext(browser);
    await signIn(customer.page, demo.customer);
    const stores = await callApi<{ items: { location: { lat: number; lng: number } }[] }>(
      customer.context,
      'GET',
      '/stores?limit=1',
    );
    const store = stores.items[0]!.location;

    partner = await openContext(browser, { width: 360, height: 780 });
    await partner.context.grantPermissions(['geolocation']);
    await partner.context.setGeolocation({ latitude: store.lat + 0.004, longitude: store.lng + 0.004 });
    await signIn(partner.page, demo.partner);
    admin = await openContext(browser, desktop);
    await signIn(admin.page, demo.admin);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a wave on the admin live map; when its only partner declines, the order opens at once, highlighted', async () => {
    const { page } = partner;
    await page.goto('/partner');
    const toggle = page.getByRole('switch');
    if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
    await page.getByText('Sharing your position').waitFor();
    await page.waitForTimeout(1500);
    const orderId = await placeOrder(customer.context, '9 Live Map Street');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Accept order' }).waitFor();

    // Opened after the offer: the order's wave comes from its log.
    await admin.page.setViewportSize(desktop);
    await admin.page.goto('/admin/live-map');
    const waiting = admin.page.locator(`[data-waiting-order-id="${orderId}"]`);
    await waiting.getByText(/^Wave 1 of 3/).waitFor();
    await waiting.getByTestId('candidate').first().waitFor();
    await screenshot(admin.page, 'g12-live-map-wave-1440-light', { full: true });
    await admin.page.setViewportSize({ width: 360, height: 780 });
    await waiting.scrollIntoViewIfNeeded();
    await screenshot(admin.page, 'g12-live-map-wave-360-light');

    // The wave's only partner declines: no wait for the wave's end, the order opens to all, highlighted.
    await dialog.getByRole('button', { name: 'Decline' }).click();
    await waiting.getByText('No partner took it · open to every partner').waitFor({ timeout: 10_000 });
    expect(await waiting.getAttribute('class')).toContain('border-danger');
    for (const scheme of ['light', 'dark'] as const) {
      await switchColorScheme(admin.page, scheme);
      await admin.page.setViewportSize({ width: 360, height: 780 });
      await waiting.scrollIntoViewIfNeeded();
      await screenshot(admin.page, `g12-live-map-open-360-${scheme}`);
      await admin.page.setViewportSize(desktop);
      await screenshot(admin.page, `g12-live-map-open-1440-${scheme}`, { full: true });
      const findings = await axeFindings(admin.page, `live map, order opened (${scheme})`);
      const failing = findings.filter((f) => FAILING_IMPACTS.includes(f.impact ?? ''));
      expect(failing, describeFindings(failing)).toEqual([]);
    }
    await switchColorScheme(admin.page, 'light');
  }, 120_000);

  it('offers the order to the nearby partner on a takeover screen; the board shows its wave', async () => {
    const { page } = partner;
    await page.goto('/partner');
    const toggle = page.getByRole('switch');
    if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
    await page.getByText('Sharing your position').waitFor();
    await admin.page.goto('/admin');
    await admin.page.getByRole('heading', { name: 'Live board', level: 1 }).waitFor();
    // Give the position a moment to reach the server before the order looks for partners.
    await page.waitForTimeout(1500);

    const orderId = await placeOrder(customer.context, '7 Takeover Street');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Accept order' }).waitFor();
    await dialog.getByText(/from you$/).waitFor();
    await settleAnimations(page);
    await screenshot(page, 'g12-takeover-360');

    const findings = await axeFindings(page, 'offer takeover');
    const failing = findings.filter((f) => FAILING_IMPACTS.includes(f.impact ?? ''));
    expect(failing, describeFindings(failing)).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Accept order');
    const accept = await dialog.getByRole('button', { name: 'Accept order' }).boundingBox();
    expect(accept!.height).toBeGreaterThanOrEqual(44);

    await page.setViewportSize(desktop);
    await screenshot(page, 'g12-takeover-1440');

    const card = admin.page.locator(`[data-order-id="${orderId}"]`);
    await card.getByText(/^Wave 1 of 3/).waitFor();
    await screenshot(admin.page, 'g12-board-1440');
    await admin.page.setViewportSize({ width: 360, height: 780 });
    await card.scrollIntoViewIfNeeded();
    await screenshot(admin.page, 'g12-board-360');
    await card.click();
    const drawer = admin.page.getByRole('dialog');
    await drawer.getByRole('heading', { name: 'Dispatch' }).waitFor();
    await drawer.getByLabel('Assign to partner').waitFor();
    await screenshot(admin.page, 'g12-drawer-360');
    await admin.page.setViewportSize(desktop);
    await screenshot(admin.page, 'g12-drawer-1440');
    const drawerFindings = await axeFindings(admin.page, 'order drawer with dispatch');
    const drawerFailing = drawerFindings.filter((f) => FAILING_IMPACTS.includes(f.impact ?? ''));
    expect(drawerFailing, describeFindings(drawerFailing)).toEqual([]);
    await admin.page.keyboard.press('Escape');

    await dialog.getByRole('button', { name: 'Accept order' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText('Head to the store', { exact: false }).first().waitFor();
    expect(partner.errors).toEqual([]);
  }, 120_000);
});
