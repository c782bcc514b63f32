import type { Webhook, WebhookDeliveryAttempt } from '@swyft/contract';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, makeUser, refused, renderApp } from '../../../test/render-app';

vi.mock('socket.io-client', async () => (await import('../../../test/mock-socket-io')).mockSocketIo());

const SECRET = `whsec_${'A'.repeat(43)}=`;
const URL_OK = 'https://till.example.com/swyft';
const hook: Webhook = {
  id: '3f0e5f7e-2a43-4a55-9a8c-6f1d2c3b4a51',
  url: URL_OK,
  eventTypes: ['order.placed', 'order.delivered'],
  description: 'Till, Main Street',
  enabled: true,
  disabledBy: null,
  disabledReason: null,
  lastSeq: 41,
  backlog: 0,
  oldestPendingAgeSeconds: null,
  lastSuccessAt: null,
  failingSince: null,
  consecutiveFailures: 0,
  createdAt: '2026-11-30T10:00:00.000Z',
};
const testAttempt: WebhookDeliveryAttempt = {
  id: '5a0e5f7e-2a43-4a55-9a8c-6f1d2c3b4a52',
  seq: 0,
  eventType: 'webhook.test',
  attempt: 1,
  status: 'succeeded',
  responseCode: 204,
  error: null,
  durationMs: 12,
  test: true,
  at: '2026-11-30T10:01:00.000Z',
};

describe('Webhooks page', () => {
  it('refuses a private address in words by the URL field, creates with chosen types, shows the secret once', {
    timeout: 30_000,
  }, async () => {
    const admin = makeUser('admin');
    let hooks: Webhook[] = [];
    const { requests } = renderApp('/admin/webhooks', (r) => {
      if (r.path === '/me') return json(200, { user: admin });
      if (r.path === '/admin/webhooks' && r.method === 'GET') return json(200, { items: hooks });
      if (r.path === '/admin/webhooks' && r.method === 'POST') {
        const body = r.body as { url: string };
        if (body.url.includes('127.0.0.1'))
          return refused(400, 'validation_failed', {
            fields: [{ path: 'body.url', message: 'resolves to a loopback or private address (127.0.0.1)' }],
          });
        hooks = [hook];
        return json(201, { webhook: hook, secret: SECRET });
      }
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New webhook' }, { timeout: 10_000 }));
    const url = screen.getByLabelText('Endpoint URL');
    fireEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    expect(await screen.findByText(/^Enter the address that should receive/)).toBeTruthy();

    fireEvent.change(url, { target: { value: 'http://127.0.0.1:9/hook' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    const refusal = await screen.findByText(/leads to a private or local network/);
    expect(url.getAttribute('aria-describedby')).toContain(refusal.id);
    expect(url.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(url, { target: { value: URL_OK } });
    fireEvent.click(screen.getByRole('radio', { name: 'Only the types I choose' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create webhook' }));
    expect(await screen.findByText('Choose “All events”, or at least one event type.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'order.placed' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'order.delivered' }));
    fireEvent.change(screen.getByLabelText('Description (optional)'), { target: { value: 'Till, Main Street' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create webhook' }));

    const heading = await screen.findByRole('heading', { name: `Copy the secret of ${URL_OK} now` });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByText(SECRET)).toBeTruthy();
    expect(requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      url: URL_OK,
      eventTypes: ['order.placed', 'order.delivered'],
      description: 'Till, Main Street',
    });
    await waitFor(() => expect(screen.getByTestId('announcer-polite').textContent).toMatch(/shown only once/));
    fireEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByText(SECRET)).toBeNull();
    expect(await screen.findByRole('article', { name: URL_OK })).toBeTruthy();
  });

  it('sends a test event, shows the attempt in the log, replays, disables, and deletes after asking', {
    timeout: 30_000,
  }, async () => {
    const admin = makeUser('admin');
    let hooks: Webhook[] = [{ ...hook, backlog: 2, lastSuccessAt: '2026-11-30T10:00:30.000Z' }];
    let attempts: WebhookDeliveryAttempt[] = [];
    const { requests } = renderApp('/admin/webhooks', (r) => {
      const base = `/admin/webhooks/${hook.id}`;
      if (r.path === '/me') return json(200, { user: admin });
      if (r.path === '/admin/webhooks' && r.method === 'GET') return json(200, { items: hooks });
      if (r.path === `${base}/test` && r.method === 'POST') {
        attempts = [testAttempt];
        return json(200, { attempt: testAttempt });
      }
      if (r.path.startsWith(`${base}/deliveries`)) return json(200, { items: attempts, nextCursor: null });
      if (r.path === `${base}/replay` && r.method === 'POST')
        return (r.body as { fromSeq: number }).fromSeq > 42
          ? refused(400, 'validation_failed', {
              fields: [
                { path: 'body.fromSeq', message: 'must be at most 42: the endpoint has not reached that seq yet' },
              ],
            })
          : json(200, { webhook: hooks[0] });
      if (r.path === base && r.method === 'PATCH') {
        hooks = [{ ...hooks[0]!, enabled: false, disabledBy: 'admin', disabledReason: 'Disabled by an admin' }];
        return json(200, { webhook: hooks[0] });
      }
      if (r.path === base && r.method === 'DELETE') {
        hooks = [];
        return new Response(null, { status: 204 });
      }
    });
    const card = await screen.findByRole('article', { name: URL_OK }, { timeout: 10_000 });
    expect(within(card).getByText('2 events waiting')).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Delivery log' }));
    expect(await within(card).findByText('No deliveries in the last 7 days')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Send test event' }));
    expect(await within(card).findByText(/^Test event delivered: the receiver answered HTTP 204/)).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('announcer-polite').textContent).toMatch(/Test event delivered/));
    const table = await within(card).findByRole('table', { name: /Delivery attempts/ });
    expect(within(table).getByText('Delivered')).toBeTruthy();
    expect(within(table).getByText('204')).toBeTruthy();

    fireEvent.change(within(card).getByLabelText('First seq to send again'), { target: { value: '0' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Replay' }));
    expect(await within(card).findByText(/a whole number, 1 or more/)).toBeTruthy();
    fireEvent.change(within(card).getByLabelText('First seq to send again'), { target: { value: '500' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Replay' }));
    expect(
      await within(card).findByText(/^Seq 500 is ahead of this webhook: it can replay from seq 42 or earlier/),
    ).toBeTruthy();
    fireEvent.change(within(card).getByLabelText('First seq to send again'), { target: { value: '12' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Replay' }));
    expect(await within(card).findByText(/^Replaying from seq 12/)).toBeTruthy();
    expect(requests.filter((r) => r.path.endsWith('/replay')).at(-1)?.body).toEqual({ fromSeq: 12 });

    // Edit opens the form filled in; Cancel puts the focus back on Edit.
    fireEvent.click(within(card).getByRole('button', { name: 'Edit' }));
    expect((screen.getByLabelText('Endpoint URL') as HTMLInputElement).value).toBe(URL_OK);
    expect((screen.getByRole('checkbox', { name: 'order.delivered' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(within(card).getByRole('button', { name: 'Edit' })));

    fireEvent.click(within(card).getByRole('button', { name: 'Disable' }));
    expect(await within(card).findByText(/^Disabled by an admin/)).toBeTruthy();
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ enabled: false });

    fireEvent.click(within(card).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: `Delete the webhook to ${URL_OK}?` });
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete webhook' }));
    expect(await screen.findByText('No webhooks yet')).toBeTruthy();
  });

  it('stops reading the delivery log while its deletion is asked for, and takes the card away at once after', {
    timeout: 30_000,
  }, async () => {
    // Only the page's intervals are faked (the log's 5 s and the list's 10 s reads); everything else runs.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const admin = makeUser('admin');
      let gone = false;
      let releaseList: (() => void) | undefined;
      const { requests } = renderApp('/admin/webhooks', (r) => {
        const base = `/admin/webhooks/${hook.id}`;
        if (r.path === '/me') return json(200, { user: admin });
        if (r.path === '/admin/webhooks' && r.method === 'GET') {
          if (!gone) return json(200, { items: [hook] });
          // The list read after the delete is slow: the card must not wait for it to go.
          return new Promise((resolve) => {
            releaseList = () => resolve(json(200, { items: [] }));
          });
        }
        if (r.path.startsWith(`${base}/deliveries`))
          return gone ? refused(404, 'not_found') : json(200, { items: [], nextCursor: null });
        if (r.path === base && r.method === 'DELETE') {
          gone = true;
          return new Response(null, { status: 204 });
        }
      });
      const logReads = () => requests.filter((r) => r.path.includes('/deliveries')).length;
      const card = await screen.findByRole('article', { name: URL_OK }, { timeout: 10_000 });
      fireEvent.click(within(card).getByRole('button', { name: 'Delivery log' }));
      expect(await within(card).findByText('No deliveries in the last 7 days')).toBeTruthy();
      await vi.advanceTimersByTimeAsync(5_000);
      await waitFor(() => expect(logReads()).toBe(2));

      fireEvent.click(within(card).getByRole('button', { name: 'Delete' }));
      const dialog = await screen.findByRole('alertdialog', { name: `Delete the webhook to ${URL_OK}?` });
      await vi.advanceTimersByTimeAsync(15_000);
      expect(logReads()).toBe(2);

      fireEvent.click(within(dialog).getByRole('button', { name: 'Delete webhook' }));
      await waitFor(() => expect(screen.queryByRole('article', { name: URL_OK })).toBeNull());
      expect(releaseList).toBeDefined();
      await vi.advanceTimersByTimeAsync(15_000);
      expect(logReads()).toBe(2);
      releaseList?.();
      expect(await screen.findByText('No webhooks yet')).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});
