import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertNoReload,
  chooseMapPoint,
  demo,
  launchChromium,
  markDocument,
  openContext,
  type Person,
  phone,
  signIn,
  waitUntilLive,
} from './support/browser.js';

const offerFor = (page: Page, orderId: string) =>
  page.getByRole('article', { name: `Offer #${orderId.slice(0, 8).toUpperCase()}` });

/** Offers vanish from every other partner's phone when one partner takes the order or the customer cancels. */
describe('offers appear live and vanish when taken', () => {
  let browser: Browser;
  let customer: Person;
  let first: Person;
  let second: Person;

  beforeAll(async () => {
    browser = await launchChromium();
    [customer, first, second] = await Promise.all([
      openContext(browser, phone),
      openContext(browser, phone),
      openContext(browser, phone),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function placeOrder(page: Page): Promise<string> {
    await page.goto('/');
    await page.getByRole('button', { name: 'Add Carrots (1 kg) to cart' }).click();
    await page.getByRole('link', { name: /^Cart, 1 item/ }).click();
    await chooseMapPoint(page);
    await page.getByLabel('Delivery address').fill('3 Birch Lane');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByTestId('order-headline').filter({ hasText: 'Finding a delivery partner' }).waitFor();
    return page.url().split('/orders/')[1]!;
  }

  it('takes an offer off the other partners’ screens when one partner accepts, and when the customer cancels', async () => {
    for (const [person, email] of [
      [first, 'partner2@swyft.local'],
      [second, 'partner3@swyft.local'],
    ] as const) {
      await signIn(person.page, email);
      await person.page.getByRole('switch', { name: /offline/i }).click();
      await person.page.getByText('Waiting for orders…').waitFor();
      await waitUntilLive(person.page);
      await markDocument(person.page);
    }
    await signIn(customer.page, demo.customer);
    await customer.page.getByRole('heading', { name: 'What do you need today?' }).waitFor();

    // Accepted by one: gone from the other.
    const taken = await placeOrder(customer.page);
    await offerFor(first.page, taken).waitFor();
    await offerFor(second.page, taken).waitFor();
    await offerFor(first.page, taken).getByRole('button', { name: 'Accept order' }).click();
    await first.page.getByTestId('active-delivery').waitFor();
    await offerFor(second.page, taken).waitFor({ state: 'detached' });

    // Cancelled by the customer while it is an offer: gone from everyone.
    const cancelled = await placeOrder(customer.page);
    await offerFor(second.page, cancelled).waitFor();
    await customer.page.getByRole('button', { name: 'Cancel order' }).click();
    await customer.page.getByRole('button', { name: 'Yes, cancel order' }).click();
    await customer.page.getByTestId('order-headline').filter({ hasText: 'Order cancelled' }).waitFor();
    await offerFor(second.page, cancelled).waitFor({ state: 'detached' });
    await second.page.getByText('Waiting for orders…').waitFor();

    // Declined by one partner: the other still has it.
    const declined = await placeOrder(customer.page);
    await offerFor(second.page, declined).waitFor();
    await offerFor(second.page, declined).getByRole('button', { name: 'Decline' }).click();
    await offerFor(second.page, declined).waitFor({ state: 'detached' });
    await offerFor(first.page, declined).waitFor();

    // Withdrawn at the end, so that no other browser test finds an open offer (files run in any order).
    await customer.page.getByRole('button', { name: 'Cancel order' }).click();
    await customer.page.getByRole('button', { name: 'Yes, cancel order' }).click();
    await offerFor(first.page, declined).waitFor({ state: 'detached' });

    for (const person of [first, second]) await assertNoReload(person.page);
    expect([...customer.errors, ...first.errors, ...second.errors]).toEqual([]);
  });
});
