import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, deliver } from './support/api.js';
import { axeFindings, describeFailures, FAILING_IMPACTS, touchTargetFindings } from './support/audit.js';
import { chooseMapPoint, demo, desktop, launchChromium, openContext, type Person, signIn } from './support/browser.js';

interface StoreAnswer {
  id: string;
  name: string;
  location: { lat: number; lng: number };
  deliveryArea: unknown;
}

/** Screenshots of each map, to look at: /work/notes/shots/g11-customer (or E2E_SHOTS_DIR). */
const shots = process.env.E2E_SHOTS_DIR ?? '/work/notes/shots/g11-customer';
const narrow = { width: 360, height: 740 };

/** A square delivery area of about ±`km` around a point (GeoJSON: [lng, lat]). */
function squareAround(at: { lat: number; lng: number }, km: number) {
  const dLat = km / 111.2;
  const dLng = km / (111.2 * Math.cos((at.lat * Math.PI) / 180));
  const ring = [
    [at.lng - dLng, at.lat - dLat],
    [at.lng + dLng, at.lat - dLat],
    [at.lng + dLng, at.lat + dLat],
    [at.lng - dLng, at.lat + dLat],
    [at.lng - dLng, at.lat - dLat],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * The element's box once it holds still for two frames: the map refits when the stores arrive, and a drag
 * started from where the pin was a moment ago would pan the map instead of moving the pin.
 */
async function stillBox(page: Page, element: Locator) {
  let last = await element.boundingBox();
  for (let i = 0; i < 50; i++) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const now = await element.boundingBox();
    if (last && now && JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error(`the element did not hold still: ${JSON.stringify(last)}`);
}

/** Drags the element to a point of `area` given as fractions of its box (0..1): (0.5, 0.5) is its centre. */
async function dragTo(page: Page, handle: Locator, area: Locator, fx: number, fy: number): Promise<void> {
  // In the middle of the screen, clear of the sticky header and the cart bar.
  await area.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  const box = await stillBox(page, area);
  const from = await stillBox(page, handle);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  const to = { x: box.x + box.width * fx, y: box.y + box.height * fy };
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

/**
 * A store's marker on the map: the middle of the test's square area (other tests add stores whose areas
 * overlap it, so "the first area drawn" is not always this one).
 */
const storeMarker = (map: Locator, name: string) => map.locator(`.leaflet-marker-icon[title="${name}"]`);

/**
 * Zooms the map out `steps` times with its button, each step once the one before has finished (Leaflet
 * drops a zoom asked for while it is still animating the last one).
 */
async function zoomOutBy(page: Page, steps: number): Promise<void> {
  const zoomOut = page.getByRole('button', { name: 'Zoom out' });
  for (let i = 0; i < steps; i++) {
    await zoomOut.click();
    await page.waitForFunction(() => document.querySelector('.leaflet-zoom-anim') === null);
    await page.waitForTimeout(300); // the zoom's end is a transition, then a frame
  }
}

/** Waits for the quote to say `status`; if it never does, a screenshot and what it says instead. */
async function expectQuote(page: Page, quote: Locator, status: 'ready' | 'outside'): Promise<void> {
  try {
    await expect.poll(() => quote.getAttribute('data-quote')).toBe(status);
  } catch (error) {
    await page.screenshot({ path: path.join(shots, `failed-quote-${status}.png`), fullPage: true });
    throw new Error(`the quote never said ${status}: "${await quote.textContent()}"`, { cause: error });
  }
}

async function shoot(page: Page, name: string, full = false): Promise<void> {
  mkdirSync(shots, { recursive: true });
  // From the top: a sticky header would otherwise be drawn in the middle of a full-page picture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: full });
}

/**
 * Issue 11's browser test: the default store delivers only inside a square around its door; a customer on a
 * phone picks the delivery point by dragging the pin, is refused outside the area ("We don't deliver here
 * yet", the area drawn), places the order inside it, and follows it on a map; the partner sees the store and
 * the door with a link to navigate there.
 */
describe('geography: a delivery point on the map', () => {
  let browser: Browser;
  let customer: Person;
  let partner: Person;
  let admin: Person;
  let store: StoreAnswer;

  beforeAll(async () => {
    browser = await launchChromium();
    [customer, partner, admin] = await Promise.all([
      openContext(browser, narrow),
      openContext(browser, narrow),
      openContext(browser, desktop),
    ]);
    await signIn(admin.page, demo.admin);
    const stores = await callApi<{ items: StoreAnswer[] }>(admin.context, 'GET', '/stores');
    store = stores.items[0]!;
    await callApi(admin.context, 'PATCH', `/stores/${store.id}`, { deliveryArea: squareAround(store.location, 1) });
  });

  afterAll(async () => {
    try {
      // The other browser tests expect the store as the demo data made it.
      if (store) await callApi(admin.context, 'PATCH', `/stores/${store.id}`, { deliveryArea: store.deliveryArea });
    } finally {
      await browser?.close();
    }
  });

  it('refuses a point outside every area, then places the order where the pin is dragged inside', async () => {
    const shop = customer.page;
    await signIn(shop, demo.customer);
    await shop.locator('article').first().waitFor();
    await shop
      .getByRole('button', { name: /^Add .* to cart$/ })
      .first()
      .click();
    await shop.goto('/cart');

    const map = shop.getByRole('region', { name: /Delivery point map/ });
    const pin = shop.getByRole('button', { name: /Delivery pin/ });
    const quote = shop.getByTestId('delivery-quote');
    // A customer with saved addresses starts at one; this one picks a point on the map. The saved ones lie
    // outside this test's area: the phone's own position (300 m north of the store) is the start.
    await chooseMapPoint(shop);
    await pin.waitFor();
    await customer.context.grantPermissions(['geolocation']);
    await customer.context.setGeolocation({ latitude: store.location.lat + 0.0027, longitude: store.location.lng });
    await shop.getByRole('button', { name: 'Use my location' }).click();
    await expectQuote(shop, quote, 'ready');
    await expect.poll(() => quote.textContent()).toContain('300 m from the store');
    // Then dragged beside the store's marker: inside its square, whatever the zoom; the quote follows.
    await dragTo(shop, pin, storeMarker(map, store.name), 1.5, 0.5);
    await expect.poll(() => quote.textContent()).not.toContain('300 m from the store');
    await expectQuote(shop, quote, 'ready');
    expect(await quote.textContent()).toContain(`Delivered from ${store.name}`);
    await shoot(shop, 'checkout-map-360', true);

    // Zoom out until the area is small on the map, then drag the pin to the map's corner (away from the
    // zoom buttons): outside.
    await zoomOutBy(shop, 4);
    await dragTo(shop, pin, map, 0.9, 0.12);
    await expectQuote(shop, quote, 'outside');
    expect(await quote.textContent()).toContain('We don’t deliver here yet');
    // The area is drawn on the map (an SVG path), and named in words beside it.
    expect(await map.locator('path.leaflet-interactive, svg path').count()).toBeGreaterThan(0);
    expect(await quote.textContent()).toContain(store.name);
    await shop.getByLabel('Delivery address').fill('99 Far Away Road');
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.getByText(/We don’t deliver to this point yet/).waitFor();
    expect(shop.url()).toMatch(/\/cart$/);
    await shoot(shop, 'outside-360', true);

    const outsideAudit = [
      ...(await axeFindings(shop, 'checkout outside @360')),
      ...(await touchTargetFindings(shop, 'checkout outside @360')),
    ];
    expect(
      outsideAudit.filter((f) => FAILING_IMPACTS.includes(f.impact)),
      describeFailures(outsideAudit),
    ).toEqual([]);

    // Back inside: the map back on the phone's position (zoomed in), the pin dragged beside the store, then
    // nudged with a key.
    await shop.getByRole('button', { name: 'Use my location' }).click();
    await expectQuote(shop, quote, 'ready');
    await dragTo(shop, pin, storeMarker(map, store.name), 1.5, 0.5);
    await expectQuote(shop, quote, 'ready');
    await pin.focus();
    await shop.keyboard.press('ArrowUp');
    await expect.poll(() => quote.getAttribute('data-quote')).toBe('ready');
    await shop.getByLabel('Delivery address').fill('12 Elm Street, 3rd floor');
    await shop.setViewportSize(desktop);
    await shoot(shop, 'checkout-map-1440', true);
    await shop.setViewportSize(narrow);

    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.waitForURL(/\/orders\/[0-9a-f-]+$/);
    const orderId = shop.url().split('/').pop()!;
    const { order } = await callApi<{
      order: { store: { id: string }; destination: { lat: number; lng: number } | null; address: string };
    }>(customer.context, 'GET', `/orders/${orderId}`);
    expect(order.store.id).toBe(store.id);
    expect(order.destination).not.toBeNull();
    expect(order.address).toBe('12 Elm Street, 3rd floor');
    await shop.getByRole('region', { name: 'Your delivery on the map' }).waitFor();
    const facts = shop.getByTestId('delivery-facts');
    expect(await facts.textContent()).toContain(store.name);
    expect(await shop.getByTestId('order-eta').textContent()).toMatch(/^(Arrives by|Due at) /);

    // The partner takes it and rides: the browser's real geolocation (set by the test) is what is shared.
    await partner.context.grantPermissions(['geolocation']);
    await partner.context.setGeolocation({ latitude: store.location.lat + 0.002, longitude: store.location.lng });
    await signIn(partner.page, demo.partner);
    await callApi(partner.context, 'PATCH', `/orders/${orderId}/accept`);
    for (const status of ['preparing', 'picked_up'])
      await callApi(partner.context, 'PATCH', `/orders/${orderId}/status`, { status });
    await partner.page.goto('/partner');
    const delivery = partner.page.getByTestId('active-delivery');
    await delivery.waitFor();
    await partner.page.getByRole('region', { name: 'Store and destination of this delivery' }).waitFor();
    const navigate = partner.page.getByRole('link', { name: /^Navigate/ });
    expect(await navigate.getAttribute('href')).toContain(String(order.destination!.lat));
    await partner.page.getByText('Sharing your live position with the customer').waitFor();
    await shoot(partner.page, 'partner-delivery-360', true);
    await partner.page.setViewportSize(desktop);
    await shoot(partner.page, 'partner-delivery-1440', true);

    // The customer sees the partner on the map and how far they are, without reloading.
    await shop.getByTestId('partner-marker').waitFor();
    await expect.poll(() => facts.textContent()).toMatch(/from the door/);
    await shoot(shop, 'order-360', true);
    await shop.setViewportSize(desktop);
    await shoot(shop, 'order-1440', true);

    // The outside state at desktop width too, for the screenshots.
    await callApi(partner.context, 'PATCH', `/orders/${orderId}/status`, { status: 'on_the_way' });
    await deliver(partner.context, customer.context, orderId);
    expect([...customer.errors, ...partner.errors, ...admin.errors]).toEqual([]);
  });

  it('shows the refusal at desktop width too', async () => {
    const shop = customer.page;
    await shop.setViewportSize(desktop);
    await shop.goto('/');
    await shop.locator('article').first().waitFor();
    await shop
      .getByRole('button', { name: /^Add .* to cart$/ })
      .first()
      .click();
    await shop.goto('/cart');
    const map = shop.getByRole('region', { name: /Delivery point map/ });
    const pin = shop.getByRole('button', { name: /Delivery pin/ });
    const quote = shop.getByTestId('delivery-quote');
    await chooseMapPoint(shop);
    await pin.waitFor();
    await zoomOutBy(shop, 3);
    await dragTo(shop, pin, map, 0.94, 0.1);
    await expect.poll(() => quote.getAttribute('data-quote')).toBe('outside');
    await shoot(shop, 'outside-1440', true);
    expect(customer.errors).toEqual([]);
  });
});
