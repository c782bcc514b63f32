import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectListener, type Listener } from '../apps/server/src/realtime/testing/socket-clients.js';
import { callApi } from './support/api.js';
import {
  assertNoReload,
  chooseMapPoint,
  demo,
  desktop,
  launchChromium,
  markDocument,
  openContext,
  type Person,
  signIn,
  waitUntilLive,
} from './support/browser.js';

interface StoreAnswer {
  id: string;
  name: string;
  location: { lat: number; lng: number };
  deliveryArea: { type: string; coordinates: number[][][] } | null;
}

// Screenshots of the admin's map screens at both widths (E2E_SHOTS_DIR, else e2e/screenshots/g11-admin).
const shots = process.env.E2E_SHOTS_DIR ?? path.resolve(import.meta.dirname, 'screenshots/g11-admin');
const narrow = { width: 360, height: 740 };

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  for (const size of [narrow, desktop]) {
    await page.setViewportSize(size);
    // Leaflet measures its container on resize; give it a frame, then wait for the fonts and markers.
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, `${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewportSize(desktop);
}

/**
 * Console errors that are not about this test's expectations: map tiles cannot load here (no internet), and
 * the bow tie's 400 is the refusal the test asks for.
 */
const unexpected = (errors: string[]) =>
  errors.filter((e) => !/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|status of 400/.test(e));

/** A point on the map, `dx`/`dy` pixels from its centre. */
async function mapPoint(page: Page, name: RegExp, dx: number, dy: number) {
  const box = (await page.getByRole('region', { name }).boundingBox())!;
  return { x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy };
}

describe('admin: stores on a map', () => {
  let browser: Browser;
  let admin: Person;
  let customer: Person;
  let partner: Person;
  let partnerSocket: Listener | undefined;
  const name = `Prenzlauer Berg ${Date.now().toString(36)}`;
  let created: StoreAnswer;

  beforeAll(async () => {
    browser = await launchChromium();
    admin = await openContext(browser, desktop);
    customer = await openContext(browser, desktop);
    partner = await openContext(browser, desktop);
    admin.page.on('pageerror', (e) => console.log('PAGEERROR', e.stack));
    await signIn(admin.page, demo.admin);
    await signIn(customer.page, demo.customer);
    await signIn(partner.page, demo.partner);
  });

  afterAll(async () => {
    partnerSocket?.close();
    // Leave no store serving the demo city for the other browser files.
    if (created) await callApi(admin.context, 'PATCH', `/stores/${created.id}`, { active: false }).catch(() => {});
    await browser?.close();
  });

  it('draws an area with the mouse, is told in words when an area crosses itself, and creates the store', async () => {
    const { page } = admin;
    await page.goto('/admin/stores');
    await page.getByRole('list', { name: 'Stores' }).locator('li').first().waitFor();
    await page.getByRole('link', { name: 'New store' }).click();
    await page.getByRole('heading', { name: 'New store', level: 2 }).waitFor();
    const editor = /^Store editor map/;
    await page.getByRole('region', { name: editor }).waitFor();
    await page.getByRole('button', { name: 'Draw a polygon' }).waitFor();

    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Address').fill('Kastanienallee 5, 10435 Berlin');
    await page.getByLabel('Preparation time (minutes)').fill('12');

    // The location: a click on the map puts the pin there and fills the coordinates.
    const centre = await mapPoint(page, editor, 0, 0);
    await page.mouse.click(centre.x, centre.y);
    await expect.poll(() => page.getByLabel('Latitude').inputValue()).not.toBe('');

    // A bow tie pasted into the GeoJSON box: the server refuses it, and the page says why.
    const lat = Number(await page.getByLabel('Latitude').inputValue());
    const lng = Number(await page.getByLabel('Longitude').inputValue());
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [lng - 0.01, lat - 0.01],
          [lng + 0.01, lat + 0.01],
          [lng + 0.01, lat - 0.01],
          [lng - 0.01, lat + 0.01],
          [lng - 0.01, lat - 0.01],
        ],
      ],
    };
    await page.getByLabel('Delivery area (GeoJSON)').fill(JSON.stringify(bowtie));
    await page.getByRole('button', { name: 'Create store' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'did not accept' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Delivery area: .*cross/);
    await page.getByRole('button', { name: 'Clear area' }).click();

    // The area, drawn with Leaflet-Geoman: four clicks and a click on the first corner to close it. The map
    // in the middle of the screen first: the refusal's toast sits at the top, and a click on it draws nothing.
    await page.getByRole('region', { name: editor }).evaluate((map) => map.scrollIntoView({ block: 'center' }));
    await page.getByRole('button', { name: 'Draw a polygon' }).click();
    // Geoman marks the tool it is in; clicks before that would place the pin instead.
    await page.locator('.leaflet-pm-toolbar .button-container.active').waitFor();
    const corners = [
      [-140, -100],
      [140, -100],
      [140, 100],
      [-140, 100],
    ] as const;
    for (const [i, [dx, dy]] of corners.entries()) {
      const point = await mapPoint(page, editor, dx, dy);
      await page.mouse.click(point.x, point.y);
      // Each corner becomes a vertex marker before the next click.
      await expect
        .poll(() => page.locator('.leaflet-marker-icon.marker-icon:not(.cursor-marker)').count())
        .toBeGreaterThanOrEqual(i + 1);
    }
    const first = await mapPoint(page, editor, corners[0][0], corners[0][1]);
    await page.mouse.click(first.x, first.y);
    await expect.poll(() => page.getByLabel('Delivery area (GeoJSON)').inputValue()).toContain('"Polygon"');
    await page.getByText(/^1 polygon, 5 points, [\d.]+ km²/).waitFor();
    await shoot(page, 'store-editor-drawn');

    await page.getByRole('button', { name: 'Create store' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/stores');
    const row = page.getByRole('list', { name: 'Stores' }).locator('li').filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain('12 min');
    await shoot(page, 'stores');

    const stores = await callApi<{ items: StoreAnswer[] }>(admin.context, 'GET', '/stores?all=true&limit=100');
    created = stores.items.find((store) => store.name === name)!;
    expect(created.deliveryArea?.type).toBe('Polygon');
    const ring = created.deliveryArea!.coordinates[0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(unexpected(admin.errors)).toEqual([]);
  });

  it('edits the area (the GeoJSON box redraws the map) and sets stock for the store', async () => {
    const { page } = admin;
    await page.goto(`/admin/stores/${created.id}`);
    await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();
    await page.getByRole('button', { name: 'Draw a polygon' }).waitFor();
    await page.getByLabel('Radius').selectOption('3');
    await page.getByRole('button', { name: 'Area around the store' }).click();
    await page.getByText(/^1 polygon, 25 points/).waitFor();
    await shoot(page, 'store-editor-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/stores');
    const after = await callApi<{ store: StoreAnswer }>(admin.context, 'GET', `/stores/${created.id}`);
    expect(after.store.deliveryArea!.coordinates[0]).toHaveLength(25);
    created = after.store;

    await page.goto(`/admin/stock?store=${created.id}`);
    const table = page.getByRole('table', { name: `Stock at ${name}` });
    await table.locator('tbody tr').first().waitFor();
    const inputs = table.getByRole('textbox');
    await inputs.nth(0).fill('25');
    await inputs.nth(1).fill('7');
    await page.getByRole('button', { name: 'Save stock' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Saved 2 stock levels at ${name}` })
      .waitFor();
    await shoot(page, 'stock');
    const products = await callApi<{ items: { id: string; stock: number }[] }>(
      admin.context,
      'GET',
      `/products?all=true&limit=100&storeId=${created.id}`,
    );
    expect(
      products.items
        .filter((p) => p.stock > 0)
        .map((p) => p.stock)
        .sort(),
    ).toEqual([25, 7].sort());
  });

  // After the stock: the checkout below keeps only what the serving store has, and a store with none would
  // empty the cart (rightly) before its marker could be looked at.
  it('the new store is there for a customer: listed, and it serves its own door', async () => {
    const stores = await callApi<{ items: StoreAnswer[] }>(customer.context, 'GET', '/stores?limit=100');
    const seen = stores.items.find((store) => store.id === created.id);
    expect(seen?.deliveryArea).toEqual(created.deliveryArea);
    const { lat, lng } = created.location;
    const quote = await callApi<{ store: { id: string } }>(
      customer.context,
      'GET',
      `/delivery-quote?lat=${lat}&lng=${lng}`,
    );
    expect(quote.store.id).toBe(created.id);

    // A customer who last chose a point at the store's door: the shop shows that store's stock, and the
    // checkout's map shows its marker and its area.
    const shop = customer.page;
    const { user } = await callApi<{ user: { id: string } }>(customer.context, 'GET', '/me');
    await shop.goto('/');
    await shop.evaluate(([key, point]) => localStorage.setItem(key, point), [
      `swyft.delivery-point.${user.id}`,
      JSON.stringify({ location: created.location, line: '', addressId: null, storeId: created.id }),
    ] as const);
    await shop.goto('/');
    await shop
      .getByRole('button', { name: /^Add .* to cart$/ })
      .first()
      .click();
    await shop.goto('/cart');
    await chooseMapPoint(shop);
    await expect.poll(() => shop.getByTestId('delivery-quote').textContent()).toContain(`Delivered from ${name}`);
    const map = shop.getByRole('region', { name: /Delivery point map/ });
    await map.waitFor();
    await expect.poll(() => map.locator(`.leaflet-marker-icon[title="${created.name}"]`).count()).toBe(1);
    expect(await shop.getByRole('list', { name: 'Items in your cart' }).locator('li').count()).toBe(1);
  });

  it('the live map shows an order and its partner moving, without a reload', async () => {
    const { page } = admin;
    await page.goto('/admin/live-map');
    await page.getByRole('heading', { name: 'Live map', level: 1 }).waitFor();
    await waitUntilLive(page);
    await markDocument(page);

    const { lat, lng } = created.location;
    const products = await callApi<{ items: { id: string; stock: number }[] }>(
      customer.context,
      'GET',
      `/products?limit=100&storeId=${created.id}`,
    );
    const stocked = products.items.find((p) => p.stock > 0)!;
    const { order } = await callApi<{ order: { id: string } }>(customer.context, 'POST', '/orders', {
      items: [{ productId: stocked.id, quantity: 1 }],
      address: 'Kastanienallee 9',
      location: { lat: lat + 0.002, lng: lng + 0.002 },
      storeId: created.id,
    });
    const listed = page.getByRole('list', { name: 'Orders on the map' }).locator(`[data-order-id="${order.id}"]`);
    await listed.waitFor();
    expect(await listed.textContent()).toContain('Order placed');

    await callApi(partner.context, 'PATCH', `/orders/${order.id}/accept`);
    await expect.poll(() => listed.textContent()).toContain('Partner assigned');

    const cookie = (await partner.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    partnerSocket = await connectListener(inject('e2eBaseUrl'), { cookie, online: true });
    partnerSocket.socket.emit('location', { lat: lat + 0.001, lng: lng + 0.001 });
    await page
      .getByTestId('partners-online')
      .filter({ hasText: /^[1-9]\d* partners? online$/ })
      .waitFor();
    await page.getByRole('list', { name: 'Partners online' }).getByText(/order/).first().waitFor();
    await shoot(page, 'live-map');
    await assertNoReload(page);

    await callApi(partner.context, 'PATCH', `/orders/${order.id}/status`, { status: 'preparing' });
    await callApi(partner.context, 'PATCH', `/orders/${order.id}/cancel`).catch(async () => {
      await callApi(admin.context, 'PATCH', `/orders/${order.id}/cancel`);
    });
    await listed.waitFor({ state: 'detached' });
    expect(unexpected(admin.errors)).toEqual([]);
  });
});
