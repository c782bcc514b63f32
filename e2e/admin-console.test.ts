import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, placeOrder } from './support/api.js';
import { axeFindings, FAILING_IMPACTS, type Finding, switchColorScheme } from './support/audit.js';
import { demo, desktop, launchChromium, openContext, type Person, signIn } from './support/browser.js';

// Screenshots of the admin console's changed screens (E2E_SHOTS_DIR, else e2e/screenshots/g15-admin).
const shots = process.env.E2E_SHOTS_DIR ?? path.resolve(import.meta.dirname, 'screenshots/g15-admin');
const narrow = { width: 360, height: 740 };
const DARK_RULES = ['color-contrast', 'link-in-text-block'];

/** Both widths, light and dark; axe at both (colour only in dark, as e2e/accessibility.test.ts does). */
async function shootAndAudit(page: Page, name: string): Promise<Finding[]> {
  mkdirSync(shots, { recursive: true });
  const findings: Finding[] = [];
  for (const size of [narrow, desktop]) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await switchColorScheme(page, scheme);
      await page.screenshot({ path: path.join(shots, `${name}-${size.width}-${scheme}.png`), fullPage: true });
      const view = `${name} ${size.width} ${scheme}`;
      findings.push(...(await axeFindings(page, view, scheme === 'dark' ? { rules: DARK_RULES } : {})));
    }
  }
  await switchColorScheme(page, 'light');
  await page.setViewportSize(desktop);
  return findings.filter((f) => FAILING_IMPACTS.includes(f.impact));
}

describe('admin console: people, search, safe actions, export', () => {
  let browser: Browser;
  let admin: Person;
  let chloe: Person;
  let carlos: Person;
  let carlosOrder: string;

  beforeAll(async () => {
    browser = await launchChromium();
    admin = await openContext(browser, desktop);
    chloe = await openContext(browser, desktop);
    carlos = await openContext(browser, desktop);
    await signIn(admin.page, demo.admin);
    await signIn(chloe.page, demo.customer);
    await signIn(carlos.page, 'customer2@swyft.local');
    await placeOrder(chloe.context, '1 Console Street');
    carlosOrder = await placeOrder(carlos.context, '2 Console Street');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('names the customers in the orders table and finds orders by name, email and short id', async () => {
    const { page } = admin;
    await page.goto('/admin/orders');
    const table = page.getByRole('table', { name: /Orders/ });
    await expect.poll(() => table.getByText('Chloe Customer').count()).toBeGreaterThan(0);
    await expect.poll(() => table.getByText('Carlos Customer').count()).toBeGreaterThan(0);
    expect(await shootAndAudit(page, 'orders')).toEqual([]);

    await page.getByLabel('Search').fill('carlos');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => table.getByText('Chloe Customer').count()).toBe(0);
    expect(await table.getByText('Carlos Customer').count()).toBeGreaterThan(0);

    await page.getByLabel('Search').fill(`#${carlosOrder.slice(0, 8).toUpperCase()}`);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await table.getByText('Carlos Customer').waitFor();

    // The export answers text/csv with the same filter.
    const href = await page.getByRole('link', { name: /Export CSV/ }).getAttribute('href');
    expect(href).toContain(`q=${carlosOrder.slice(0, 8)}`);
    const response = await admin.context.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/csv/);
    const csv = await response.text();
    expect(csv.split('\n')[0]).toContain('customerName');
    expect(csv).toContain('Carlos Customer');
    expect(csv).not.toContain('Chloe Customer');

    // The drawer names the people too, and asks before cancelling.
    await page
      .getByRole('button', { name: /open the order/ })
      .first()
      .click();
    const drawer = page.getByRole('dialog', { name: /Order/ });
    await drawer.getByText('Carlos Customer').waitFor();
    await drawer.getByRole('button', { name: 'Cancel order' }).click();
    const ask = page.getByRole('alertdialog', { name: /Cancel order/ });
    await ask.waitFor();
    expect(await shootAndAudit(page, 'order-cancel-confirm')).toEqual([]);
    await ask.getByRole('button', { name: 'Cancel', exact: true }).click();
    await ask.waitFor({ state: 'hidden' });
    const { order } = await callApi<{ order: { status: string } }>(admin.context, 'GET', `/orders/${carlosOrder}`);
    expect(order.status).toBe('placed');
  });

  it('asks before disabling a user, and shows partners their rating', async () => {
    const { page } = admin;
    await page.goto('/admin/users');
    const row = page.locator('tr[data-user-email="partner2@swyft.local"]');
    await row.waitFor();
    await expect.poll(() => row.getByText(/No ratings yet|ratings?\)/).count()).toBe(1);
    await row.getByRole('button', { name: 'Disable Pavel Partner' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Disable Pavel Partner?' });
    await ask.waitFor();
    expect(await shootAndAudit(page, 'users-disable-confirm')).toEqual([]);
    await ask.getByRole('button', { name: 'Cancel', exact: true }).click();
    await ask.waitFor({ state: 'hidden' });
    await row.getByText('Active').waitFor();
    const { items } = await callApi<{ items: { email: string; disabled: boolean }[] }>(
      admin.context,
      'GET',
      '/admin/users?q=partner2',
    );
    expect(items.find((u) => u.email === 'partner2@swyft.local')?.disabled).toBe(false);
    expect(await shootAndAudit(page, 'users')).toEqual([]);
  });

  it('the dashboard, board, event log and products pass axe and are photographed', async () => {
    const { page } = admin;
    await page.goto('/admin/dashboard');
    await page.getByText('Needs attention').first().waitFor();
    await page.getByRole('combobox', { name: 'Period' }).selectOption('week');
    await page
      .getByText(/Revenue, last 7 days/i)
      .first()
      .waitFor();
    expect(await shootAndAudit(page, 'dashboard')).toEqual([]);

    await page.goto('/admin');
    await page.locator(`[data-order-id="${carlosOrder}"]`).waitFor();
    expect(await shootAndAudit(page, 'board')).toEqual([]);

    await page.goto('/admin/events');
    await page.getByLabel('Order id').fill('abc');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/too short/).waitFor();
    await page.getByLabel('Order id').fill('ffffffff');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No order id starts with ffffffff.').waitFor();
    expect(await shootAndAudit(page, 'events-invalid-filter')).toEqual([]);
    await page.getByLabel('Order id').fill(carlosOrder.slice(0, 8));
    await page.getByRole('button', { name: 'Apply' }).click();
    await page
      .getByText(/for Carlos Customer/)
      .first()
      .waitFor();
    expect(await shootAndAudit(page, 'events')).toEqual([]);

    await page.goto('/admin/products');
    const first = page.locator('li[data-product-id]').first();
    await first.locator('summary').click();
    await first.getByText('Nothing changed yet.').waitFor();
    await first.getByLabel(/^Price \(€\) of/).fill('0');
    await first.getByText(/A price of 0 gives the product away/).waitFor();
    expect(await shootAndAudit(page, 'products')).toEqual([]);
    expect(admin.errors).toEqual([]);
  });

  it('uploads a product photo, which the shop then shows re-encoded', async () => {
    const { page } = admin;
    const { product } = await callApi<{ product: { id: string; name: string } }>(admin.context, 'POST', '/products', {
      name: 'Console photo pears',
      priceCents: 250,
      stock: 10,
    });
    // A real 1200 px PNG: the server keeps it as WebP, at most 800 px wide.
    const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3a7d44' } })
      .png()
      .toBuffer();
    await page.goto('/admin/products');
    const row = page.locator(`li[data-product-id="${product.id}"]`);
    await row.locator('summary').click();
    await row
      .getByLabel(`Photo of ${product.name}`)
      .setInputFiles({ name: 'pears.png', mimeType: 'image/png', buffer: png });
    await page.getByText(`New photo of ${product.name} saved`).waitFor();
    const photo = row.locator('img');
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(800);

    // The shop's product answer points at the stored image, served as WebP with long cache headers.
    const { product: shown } = await callApi<{ product: { imageUrl: string | null } }>(
      chloe.context,
      'GET',
      `/products/${product.id}`,
    );
    expect(shown.imageUrl).toMatch(/\.webp$/);
    const image = await chloe.context.request.get(shown.imageUrl!);
    expect(image.headers()['content-type']).toBe('image/webp');
    expect(image.headers()['cache-control']).toContain('immutable');

    // A file that is not an image is refused in words, and the photo stays.
    await row.getByLabel(`Photo of ${product.name}`).setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not a picture at all'),
    });
    await page.getByText('That file is not a photo Swyft can read. Use a JPEG, PNG or WebP image.').waitFor();
    expect(await shootAndAudit(page, 'product-photo')).toEqual([]);
    expect(admin.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
