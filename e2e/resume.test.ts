import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoverCodeOf } from './support/api.js';
import {
  chooseMapPoint,
  confirmDelivery,
  demo,
  launchChromium,
  openContext,
  type Person,
  phone,
  signIn,
  waitUntilLive,
} from './support/browser.js';

/**
 * The customer's connection drops while the partner moves the order on; when it comes back, the page
 * resumes from the last seq it saw and shows every step it missed, without reloading anything.
 */
describe('resume after a lost connection', () => {
  let browser: Browser;
  let customer: Person;
  let partner: Person;
  /** While true, the customer's browser cannot reach the real-time channel at all. */
  let outage = false;
  const routes: WebSocketRoute[] = [];
  const handshakes: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    [customer, partner] = await Promise.all([openContext(browser, phone), openContext(browser, phone)]);
    // Every socket of the customer goes through here: forwarded to the server, or refused during the outage.
    await customer.context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (outage) return ws.close({ code: 1011, reason: 'outage' });
      routes.push(ws);
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        // Socket.IO's CONNECT packet ("40{...}") carries the handshake's `auth`.
        if (typeof message === 'string' && message.startsWith('40')) handshakes.push(message);
        server.send(message);
      });
      server.onMessage((message) => ws.send(message));
    });
    await customer.context.route(/\/socket\.io\//, (route) => (outage ? route.abort() : route.continue()));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const currentStep = (page: Page, status: string) => page.locator(`li[data-step="${status}"][aria-current="step"]`);

  it('shows the steps made while it was offline once it is back, from the log, without reloading', async () => {
    await signIn(partner.page, demo.partner);
    await partner.page.getByRole('switch', { name: /offline/i }).click();
    await waitUntilLive(partner.page);

    const shop = customer.page;
    await signIn(shop, demo.customer);
    await shop.getByRole('button', { name: 'Add Lemons (4) to cart' }).click();
    await shop.getByRole('link', { name: /^Cart, 1 item/ }).click();
    await chooseMapPoint(shop);
    await shop.getByLabel('Delivery address').fill('7 Harbour View');
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.getByTestId('order-headline').filter({ hasText: 'Finding a delivery partner' }).waitFor();
    const orderId = shop.url().split('/orders/')[1]!;
    await waitUntilLive(shop);

    const offer = partner.page.getByRole('article', { name: `Offer #${orderId.slice(0, 8).toUpperCase()}` });
    await offer.getByRole('button', { name: 'Accept order' }).click();
    await currentStep(shop, 'accepted').waitFor();
    const orderLoads = () =>
      shop.evaluate(
        (id) => performance.getEntriesByType('resource').filter((e) => e.name.endsWith(`/api/v1/orders/${id}`)).length,
        orderId,
      );
    const loadsBefore = await orderLoads();

    // The connection drops and stays down while the partner makes two steps.
    outage = true;
    for (const ws of routes.splice(0)) await ws.close({ code: 1006, reason: 'network lost' });
    await shop.locator('output[data-connection="reconnecting"]:visible').first().waitFor();
    await partner.page.getByRole('button', { name: /start packing/ }).click();
    await partner.page.getByRole('button', { name: /Picked up the order/ }).click();
    await partner.page.getByRole('button', { name: /Start the delivery/ }).waitFor();
    expect(await currentStep(shop, 'accepted').count()).toBe(1);

    // Back online: the handshake names the last seq seen, and the missed steps arrive.
    outage = false;
    await waitUntilLive(shop);
    await currentStep(shop, 'picked_up').waitFor();
    await shop.locator('li[data-step="preparing"][data-done="true"]').waitFor();
    expect(handshakes.at(-1)).toMatch(/"lastSeq":\d+/);
    expect(await orderLoads()).toBe(loadsBefore);

    // Delivered, so that no other browser test finds this partner busy (files run in any order).
    await partner.page.getByRole('button', { name: /Start the delivery/ }).click();
    await confirmDelivery(partner.page, await handoverCodeOf(customer.context, orderId));
    await currentStep(shop, 'delivered').waitFor();

    expect([...customer.errors, ...partner.errors]).toEqual([]);
  });
});
