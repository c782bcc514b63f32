import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAnimations } from './support/audit.js';
import {
  assertNoReload,
  chooseMapPoint,
  confirmDelivery,
  demo,
  desktop,
  launchChromium,
  markDocument,
  openContext,
  type Person,
  phone,
  screenshot,
  signIn,
  waitUntilLive,
} from './support/browser.js';

/**
 * The whole loop in three browsers at once: a customer orders on a phone; a partner, online on another
 * phone, sees the offer arrive live, accepts it and steps it to delivered; the customer's order page and
 * an admin's live board follow every step, none of them reloading.
 */
describe('an order from the shop to the door, live in three browsers', () => {
  let browser: Browser;
  let customer: Person;
  let partner: Person;
  let admin: Person;

  beforeAll(async () => {
    browser = await launchChromium();
    [customer, partner, admin] = await Promise.all([
      openContext(browser, phone),
      openContext(browser, phone),
      openContext(browser, desktop),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const column = (page: Page, status: string, orderId: string) =>
    page.locator(`[data-column="${status}"] [data-order-id="${orderId}"]`);
  const currentStep = (page: Page, status: string) => page.locator(`li[data-step="${status}"][aria-current="step"]`);

  it('runs from placing to delivered, with every screen following live', async () => {
    // The partner goes online and waits; the admin watches the board. The partner's phone shares its real
    // position (the browser's geolocation, set here): the web app never makes one up.
    await partner.context.grantPermissions(['geolocation']);
    await partner.context.setGeolocation({ latitude: 52.5205, longitude: 13.4065 });
    await signIn(partner.page, demo.partner);
    await partner.page.getByRole('switch', { name: /offline/i }).click();
    await partner.page.getByText('Waiting for orders…').waitFor();
    await waitUntilLive(partner.page);
    await markDocument(partner.page);

    await signIn(admin.page, demo.admin);
    await admin.page.getByRole('heading', { name: 'Live board' }).waitFor();
    await waitUntilLive(admin.page);
    await markDocument(admin.page);

    // The customer fills a cart, which survives a reload, and places the order.
    const shop = customer.page;
    await signIn(shop, demo.customer);
    await shop.getByRole('heading', { name: 'What do you need today?' }).waitFor();
    await shop.getByRole('button', { name: 'Add Bananas (6) to cart' }).click();
    await shop.getByRole('button', { name: 'Add Whole milk (1 l) to cart' }).click();
    await shop.getByRole('button', { name: 'Add one more Whole milk (1 l)' }).click();
    await shop.getByRole('link', { name: 'Cart, 3 items' }).waitFor();
    await screenshot(shop, 'customer-shop', { top: true });
    await shop.reload();
    await shop.getByRole('link', { name: 'Cart, 3 items' }).click();
    await chooseMapPoint(shop);
    await shop.getByLabel('Delivery address').fill('12 Elm Street, 3rd floor, door code 4711');
    await shop.getByRole('radio', { name: /Cash on delivery/ }).check();
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.getByTestId('order-headline').filter({ hasText: 'Finding a delivery partner' }).waitFor();
    const orderId = shop.url().split('/orders/')[1]!;
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    await waitUntilLive(shop);
    await markDocument(shop);

    // The offer appears on the partner's phone by itself, and on the admin's board.
    const offer = partner.page.getByRole('article', { name: `Offer #${orderId.slice(0, 8).toUpperCase()}` });
    await offer.waitFor();
    await column(admin.page, 'placed', orderId).waitFor();
    await settleAnimations(partner.page); // the offer takes the screen with a fade: the picture shows it landed
    await screenshot(partner.page, 'partner-offer');
    await offer.getByRole('button', { name: 'Accept order' }).click();
    await partner.page.getByTestId('active-delivery').waitFor();
    await offer.waitFor({ state: 'detached' });

    await currentStep(shop, 'accepted').waitFor();
    await column(admin.page, 'accepted', orderId).waitFor();

    const steps = [
      { button: /start packing/, status: 'preparing', headline: 'being packed' },
      { button: /Picked up the order/, status: 'picked_up', headline: 'Picked up' },
      { button: /Start the delivery/, status: 'on_the_way', headline: 'On the way' },
      { button: null, status: 'delivered', headline: 'Delivered' },
    ];
    for (const step of steps) {
      if (step.status === 'delivered') {
        // On the way: the partner's position reaches the customer's map, and the screenshots are taken.
        await shop.getByTestId('partner-marker').waitFor();
        await screenshot(shop, 'customer-order-on-the-way');
        await screenshot(partner.page, 'partner-active-delivery');
        await screenshot(admin.page, 'admin-live-board');
      }
      // Delivered: the code the customer's page shows, on the partner's keypad, and the confirm button held.
      if (step.button) await partner.page.getByRole('button', { name: step.button }).click();
      else
        await confirmDelivery(
          partner.page,
          (await shop.getByTestId('customer-handover-code').textContent())?.trim() ?? '',
        );
      await currentStep(shop, step.status).waitFor();
      await shop.getByTestId('order-headline').filter({ hasText: step.headline }).waitFor();
      await column(admin.page, step.status, orderId).waitFor();
    }

    // Delivered: the partner's day counts it; nobody reloaded a page along the way.
    await partner.page.getByTestId('active-delivery').waitFor({ state: 'detached' });
    await partner.page.getByRole('link', { name: 'Today' }).click();
    await partner.page.getByTestId('delivered-today').filter({ hasText: /[1-9]/ }).waitFor();
    for (const person of [customer, partner, admin]) await assertNoReload(person.page);
    await screenshot(shop, 'customer-order-delivered');

    expect([...customer.errors, ...partner.errors, ...admin.errors]).toEqual([]);
  });

  it('shows the admin dashboard and event log with the delivery in them', async () => {
    await admin.page.getByRole('link', { name: 'Dashboard' }).click();
    await admin.page.getByRole('heading', { name: 'Orders per minute, last hour' }).waitFor();
    await screenshot(admin.page, 'admin-dashboard');
    await admin.page.getByRole('link', { name: 'Event log' }).click();
    await admin.page.getByRole('list', { name: 'Events, newest first' }).getByText('order.delivered').first().waitFor();
    await screenshot(admin.page, 'admin-event-log');
    expect(admin.errors).toEqual([]);
  });
});
