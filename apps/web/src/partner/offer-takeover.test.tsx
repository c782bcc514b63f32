import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { eventFor, ids, makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, refused, renderApp } from '../../test/render-app';
import type { Order } from '../api/types';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

// The app's lazy chunks and two shared cores: what appears may take more than the default second.
configure({ asyncUtilTimeout: 5000 });

const system = null;
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/**
 * What the fake server lists as open to this partner (GET /orders/unassigned): what it offered or opened and
 * has not withdrawn, as a real server would. The app asks again on every connect and resync, and may do so
 * after an offer arrived; a list that left the offer out would rightly take it off the screen.
 */
let listed = new Map<string, Order>();

function fireOffered(seq: number, order: Order, expiresAt = inSeconds(20)) {
  listed.set(order.id, { ...order, offer: { wave: 1, expiresAt, distanceMeters: 1240 } });
  act(() => openedSockets[0]!.fire('event', eventFor(seq, order, 'order.offered', system, { expiresAt })));
}

function fireOpened(seq: number, order: Order) {
  listed.set(order.id, order);
  act(() => openedSockets[0]!.fire('event', eventFor(seq, order, 'order.opened', system, { reason: 'no_candidates' })));
}

function fireWithdrawn(seq: number, order: Order) {
  listed.delete(order.id);
  act(() => openedSockets[0]!.fire('offer.withdrawn', { orderId: order.id, seq }));
}

/** A partner online at /partner; `order` is what GET /orders/:id answers (with `offer`), `accept` the accept. */
async function partnerOnline(routes: { get?: (id: string) => Order | undefined; accept?: () => Response } = {}) {
  listed = new Map();
  const user = makeUser('partner');
  localStorage.setItem(`swyft.partner.online.${user.id}`, 'true');
  const view = renderApp('/partner', (r) => {
    if (r.path === '/me') return json(200, { user });
    if (r.path.startsWith('/orders/assigned')) return json(200, { items: [], nextCursor: null });
    if (r.path.startsWith('/orders/unassigned')) return json(200, { items: [...listed.values()], nextCursor: null });
    const accept = /^\/orders\/([^/]+)\/accept$/.exec(r.path);
    if (accept && routes.accept) return routes.accept();
    const get = /^\/orders\/([^/?]+)$/.exec(r.path);
    if (get && r.method === 'GET') {
      const order = routes.get?.(get[1]!);
      return order ? json(200, { order }) : undefined;
    }
  });
  expect(await screen.findByText('Waiting for orders…', {}, { timeout: 10_000 })).toBeTruthy();
  act(() => openedSockets[0]!.accept());
  return view;
}

describe('offer takeover (nearest dispatch)', { timeout: 45_000 }, () => {
  it('takes the screen on order.offered: store, distance, items, total, countdown; focus on Accept', async () => {
    const order = makeOrder();
    const expiresAt = inSeconds(20);
    await partnerOnline({ get: () => ({ ...order, offer: { wave: 1, expiresAt, distanceMeters: 1240 } }) });

    fireOffered(5, order, expiresAt);

    const dialog = await screen.findByRole('dialog', { name: '2 items · €3.98' }, { timeout: 15_000 });
    const box = within(dialog);
    expect(box.getByText('Pick up at Mitte')).toBeTruthy();
    expect(box.getByText('2× Bananas (6)')).toBeTruthy();
    expect(box.getByText(/New offer for you · wave 1/)).toBeTruthy();
    // The distance comes from GET /orders/:id (the socket's offer lacks it).
    await waitFor(() => expect(box.getByTestId('takeover-distance').textContent).toBe('1.2 km from you'));
    const countdown = box.getByTestId('offer-countdown');
    expect(countdown.textContent).toMatch(/0:(20|19)/);
    expect(countdown.querySelector('[aria-live="polite"]')).toBeTruthy();
    const accept = box.getByRole('button', { name: 'Accept order' });
    expect(document.activeElement).toBe(accept);
    expect(box.getByRole('button', { name: 'Decline' })).toBeTruthy();
  });

  it('goes away on offer.withdrawn with a short "Offer ended", then shows the list', async () => {
    const order = makeOrder();
    await partnerOnline();
    fireOffered(5, order);
    expect(await screen.findByTestId('offer-takeover', {}, { timeout: 15_000 })).toBeTruthy();

    fireWithdrawn(6, order);

    const ended = await screen.findByTestId('offer-ended', {}, { timeout: 15_000 });
    expect(screen.queryByTestId('offer-takeover')).toBeNull();
    expect(ended.textContent).toContain('Offer ended');
    expect(ended.textContent).toContain('Another partner took it, or the order was cancelled.');
    // Like the offer's, this dialog is opened (showModal) by an effect after the render that added it.
    fireEvent.click(await within(ended).findByRole('button', { name: 'Back to offers' }));
    await waitFor(() => expect(screen.queryByTestId('offer-ended')).toBeNull());
    expect(screen.getByText('Waiting for orders…')).toBeTruthy();
  });

  it('says "Taken by another partner" when the accept loses the race', async () => {
    const order = makeOrder();
    await partnerOnline({ accept: () => refused(409, 'already_assigned') });
    fireOffered(5, order);
    const dialog = await screen.findByTestId('offer-takeover', {}, { timeout: 15_000 });

    // An effect opens the dialog (showModal) after the render that added it; its buttons are accessible then.
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Accept order' }));

    expect((await screen.findByTestId('offer-ended', {}, { timeout: 15_000 })).textContent).toContain(
      'Taken by another partner',
    );
  });

  it('an accepted offer becomes the active delivery, with no "ended" message', async () => {
    const order = makeOrder();
    const accepted = makeOrder({ id: order.id, statuses: ['placed', 'accepted'] });
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: { watchPosition: () => 1, clearWatch: () => {} },
    });
    await partnerOnline({ accept: () => json(200, { order: accepted }) });
    fireOffered(5, order);
    const dialog = await screen.findByTestId('offer-takeover', {}, { timeout: 15_000 });

    // An effect opens the dialog (showModal) after the render that added it; its buttons are accessible then.
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Accept order' }));

    await waitFor(() => expect(screen.queryByTestId('offer-takeover')).toBeNull());
    expect(screen.queryByTestId('offer-ended')).toBeNull();
    expect(await screen.findByText(/Head to the store/)).toBeTruthy();
    Reflect.deleteProperty(navigator, 'geolocation');
  });

  it('order.opened (open to everyone) stays a card in the list; Escape puts an offer back there', async () => {
    const opened = makeOrder({ address: '3 Open Road' });
    const offered = makeOrder({ address: '4 Wave Lane' });
    await partnerOnline();
    fireOpened(5, opened);
    expect(await screen.findByRole('article', { name: /^Offer / })).toBeTruthy();
    expect(screen.queryByTestId('offer-takeover')).toBeNull();

    fireOffered(6, offered);
    const dialog = await screen.findByTestId('offer-takeover', {}, { timeout: 15_000 });
    fireEvent(dialog, new Event('cancel', { cancelable: true }));

    await waitFor(() => expect(screen.queryByTestId('offer-takeover')).toBeNull());
    expect(screen.queryByTestId('offer-ended')).toBeNull();
    expect(screen.getAllByRole('article', { name: /^Offer / })).toHaveLength(2);
    expect(ids.partner).toBeTruthy();
  });

  it('an online partner with no delivery shares its position, so nearest dispatch can find them', async () => {
    let fix: PositionCallback | undefined;
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: {
        watchPosition: (ok: PositionCallback) => {
          fix = ok;
          return 1;
        },
        clearWatch: () => {},
      },
    });
    await partnerOnline();
    act(() =>
      fix!({ coords: { latitude: 52.52, longitude: 13.4 }, timestamp: Date.now() } as unknown as GeolocationPosition),
    );
    await waitFor(() => expect(openedSockets[0]!.sent).toContainEqual(['location', { lat: 52.52, lng: 13.4 }]));
    expect(screen.getByTestId('online-position').textContent).toContain('Sharing your position');
    Reflect.deleteProperty(navigator, 'geolocation');
  });
});
