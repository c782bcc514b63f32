import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, launchChromium, openContext, screenshot, signIn } from './support/browser.js';

const narrow = { width: 360, height: 740 };

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Every main screen fits a 360 px phone: nothing sticks out sideways (wide tables scroll inside their card). */
describe('360 px wide', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Per role: its screens (a heading that says the screen is there), and what shows once its data is in. */
  const screens: { role: keyof typeof demo; settled: string; paths: { path: string; ready: string }[] }[] = [
    {
      role: 'customer',
      settled: 'article',
      paths: [
        { path: '/', ready: 'What do you need today?' },
        { path: '/orders', ready: 'Your orders' },
        { path: '/cart', ready: 'Your cart is empty' },
      ],
    },
    {
      role: 'partner',
      settled: '[role="switch"]',
      paths: [
        { path: '/partner', ready: 'Offers' },
        { path: '/partner/history', ready: 'Today' },
      ],
    },
    {
      role: 'admin',
      settled: '[data-column="placed"]',
      paths: [
        { path: '/admin', ready: 'Live board' },
        { path: '/admin/orders', ready: 'Orders' },
        { path: '/admin/users', ready: 'Users' },
        { path: '/admin/products', ready: 'Products' },
        { path: '/admin/dashboard', ready: 'Orders per minute, last hour' },
        { path: '/admin/events', ready: 'Event log' },
      ],
    },
  ];

  for (const { role, settled, paths } of screens) {
    it(`fits the ${role} screens`, async () => {
      const person = await openContext(browser, narrow);
      await signIn(person.page, demo[role]);
      for (const { path, ready } of paths) {
        await person.page.goto(path);
        await person.page.getByRole('heading', { name: ready, exact: true }).first().waitFor();
        expect(await overflow(person.page), `${path} overflows sideways`).toBeLessThanOrEqual(0);
      }
      await person.page.goto(paths[0]!.path);
      await person.page.locator(settled).first().waitFor();
      await screenshot(person.page, `${role}-main-360`);
      await person.context.close();
      expect(person.errors).toEqual([]);
    });
  }
});
