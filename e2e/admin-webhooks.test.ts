import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Webhook as Verifier } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverUpTo, placeOrder } from './support/api.js';
import {
  axeFindings,
  describeFailures,
  describeFindings,
  FAILING_IMPACTS,
  type Finding,
  focusRingFindings,
  headingFindings,
  switchColorScheme,
  touchTargetFindings,
} from './support/audit.js';
import { demo, desktop, launchChromium, openContext, type Person, signIn } from './support/browser.js';

// Screenshots of the Webhooks page at 360 px and desktop, light and dark (E2E_SHOTS_DIR, else e2e/screenshots/g14-ui).
const shots = process.env.E2E_SHOTS_DIR ?? path.resolve(import.meta.dirname, 'screenshots/g14-ui');
const narrow = { width: 360, height: 740 };
const DARK_RULES = ['color-contrast', 'link-in-text-block'];

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real receiver on this machine: records each POST and answers 204 (the server runs with private networks allowed). */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

/** The page at both widths, light and dark: axe, one h1, focus rings, and touch targets on the phone. */
async function auditAndShoot(page: Page, name: string): Promise<Finding[]> {
  mkdirSync(shots, { recursive: true });
  const found: Finding[] = [];
  for (const size of [narrow, desktop]) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await switchColorScheme(page, scheme);
      const view = `${name} @${size.width} ${scheme}`;
      if (scheme === 'light') {
        found.push(
          ...(await axeFindings(page, view)),
          ...(await headingFindings(page, view)),
          ...(await focusRingFindings(page, view)),
        );
        if (size.width < 600) found.push(...(await touchTargetFindings(page, view)));
      } else {
        found.push(...(await axeFindings(page, view, { rules: DARK_RULES })), ...(await focusRingFindings(page, view)));
      }
      await page.screenshot({ path: path.join(shots, `${name}-${size.width}-${scheme}.png`), fullPage: true });
    }
  }
  await switchColorScheme(page, 'light');
  await page.setViewportSize(desktop);
  return found;
}

describe('admin: webhooks', () => {
  let browser: Browser;
  let admin: Person;
  let customer: Person;
  let partner: Person;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const findings: Finding[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    browser = await launchChromium();
    admin = await openContext(browser, desktop);
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(admin.page, demo.admin);
    customer = await openContext(browser, desktop);
    partner = await openContext(browser, desktop);
    await signIn(customer.page, demo.customer);
    await signIn(partner.page, demo.partner);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  // Five views audited at two widths in two schemes take most of the time on this shared machine.
  it('creates an endpoint, shows its secret once, sends a test event the receiver verifies, logs it, replays an order event, disables and deletes it', {
    timeout: 300_000,
  }, async () => {
    const { page } = admin;
    const url = `${receiver.url}/swyft/${Date.now().toString(36)}`;
    await page.goto('/admin/webhooks');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New webhook' }).click();

    // A mistyped address is refused in words next to the field, before anything is sent.
    const urlField = page.getByLabel('Endpoint URL');
    await urlField.fill('ftp://till.example.com');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByText('Enter a full address that starts with https:// (or http://).').waitFor();
    expect(await urlField.getAttribute('aria-invalid')).toBe('true');

    await urlField.fill(url);
    expect(await urlField.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('radio', { name: 'Only the types I choose' }).check();
    await page.getByRole('checkbox', { name: 'order.delivered' }).check();
    await page.getByLabel('Description (optional)').fill('Till, Main Street');
    findings.push(...(await auditAndShoot(page, 'webhooks-form')));
    await page.getByRole('button', { name: 'Create webhook' }).click();

    // The secret, once: its heading has the focus, a copy button copies it.
    const heading = page.getByRole('heading', { name: `Copy the secret of ${url} now` });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((h) => h === document.activeElement)).toBe(true);
    const secret = (await page
      .locator('main code')
      .filter({ hasText: /^whsec_/ })
      .textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const card = page.getByRole('article', { name: url });
    await card.waitFor();
    expect(await card.textContent()).toContain('order.delivered');
    findings.push(...(await auditAndShoot(page, 'webhooks-secret')));
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.reload();
    await card.waitFor();
    expect(await page.locator('body').textContent()).not.toContain(secret);

    // A test event: the receiver gets it, signed with the secret that was shown.
    await card.getByRole('button', { name: 'Send test event' }).click();
    await card.getByText(/^Test event delivered: the receiver answered HTTP 204/).waitFor();
    await expect.poll(() => receiver.received.length).toBeGreaterThanOrEqual(1);
    const delivery = receiver.received.find((r) => r.path === new URL(url).pathname)!;
    expect(delivery).toBeDefined();
    const event = new Verifier(secret).verify(delivery.body, delivery.headers as Record<string, string>) as {
      type: string;
      seq: number;
    };
    expect(event).toMatchObject({ type: 'webhook.test', seq: 0 });
    expect(delivery.headers['user-agent']).toMatch(/Swyft/);

    // The delivery log shows the attempt.
    await card.getByRole('button', { name: 'Delivery log' }).click();
    const log = card.getByRole('table', { name: /^Delivery attempts/ });
    const row = log.locator('tbody tr').filter({ hasText: 'Delivered' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('204');
    expect(await row.textContent()).toContain('webhook.test');
    findings.push(...(await auditAndShoot(page, 'webhooks-log')));

    // An order delivered: its order.delivered event reaches the receiver and the log; a replay from its seq
    // sends it again with the same webhook-id (receivers deduplicate by it).
    const orderId = await placeOrder(customer.context, '7 Webhook Street');
    await deliverUpTo(partner.context, orderId, 'delivered', customer.context);
    const delivered = () =>
      receiver.received.filter((r) => {
        const body = JSON.parse(r.body) as { type: string; data?: { order?: { id: string } } };
        return body.type === 'order.delivered' && body.data?.order?.id === orderId;
      });
    await expect.poll(() => delivered().length, { timeout: 30_000 }).toBe(1);
    const first = delivered()[0]!;
    const { seq } = new Verifier(secret).verify(first.body, first.headers as Record<string, string>) as { seq: number };
    expect(first.headers['webhook-id']).toBe(`evt_${seq}`);
    await log
      .locator('tbody tr')
      .filter({ hasText: 'order.delivered' })
      .filter({ hasText: String(seq) })
      .waitFor();
    await card.getByLabel('First seq to send again').fill(String(seq));
    await card.getByRole('button', { name: 'Replay', exact: true }).click();
    await card
      .getByText(`Replaying from seq ${seq}: every matching event from there is sent again, in order.`)
      .waitFor();
    await expect.poll(() => delivered().length, { timeout: 30_000 }).toBe(2);
    expect(delivered()[1]!.headers['webhook-id']).toBe(`evt_${seq}`);

    // Disabled: said in words on the card and in the live region.
    await card.getByRole('button', { name: 'Disable', exact: true }).click();
    await card.getByText(/^Disabled by an admin/).waitFor();
    await card.getByRole('button', { name: 'Enable', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('announcer-polite').textContent()).toMatch(/^Webhook disabled/);
    findings.push(...(await auditAndShoot(page, 'webhooks-disabled')));

    // Deleting asks first; Escape cancels and the focus goes back to Delete.
    const deleteButton = card.getByRole('button', { name: 'Delete', exact: true });
    await deleteButton.click();
    const dialog = page.getByRole('alertdialog', { name: `Delete the webhook to ${url}?` });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => deleteButton.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    findings.push(...(await auditAndShoot(page, 'webhooks-delete')));
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await card.waitFor({ state: 'detached' });

    const reported = findings.filter((finding) => !FAILING_IMPACTS.includes(finding.impact));
    console.log(`webhooks page, moderate and minor findings: ${describeFindings(reported) || 'none'}`);
    const failing = findings.filter((finding) => FAILING_IMPACTS.includes(finding.impact));
    expect(failing, describeFailures(findings)).toEqual([]);
    expect(admin.errors).toEqual([]);
  });
});
