import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { eventFor, ids, makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, refused, renderApp } from '../../test/render-app';
import type { Order, SwyftEvent, User } from '../api/types';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

// The app's lazy chunks and two shared cores: what appears may take more than the default second.
configure({ asyncUtilTimeout: 5000 });

const partner = (id: string, name: string): User => ({
  id,
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@example.test`,
  role: 'partner',
  disabled: false,
  createdAt: '2026-11-01T00:00:00.000Z',
});
const partners = [partner(ids.partner, 'Priya Partner'), partner(ids.otherPartner, 'Omar Other')];
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

function openBoard(
  placed: Order,
  assign?: () => Response,
  { path = '/admin', log = [] as SwyftEvent[], maxWaves = undefined as number | undefined } = {},
) {
  const admin = { ...makeUser('admin'), id: ids.admin };
  return renderApp(path, (r) => {
    if (r.path === '/app-config' && maxWaves) {
      return json(200, {
        map: { tileUrl: null, attribution: '' },
        dispatch: { mode: 'nearest', waveSize: 2, offerSeconds: 20, maxWaves },
      });
    }
    if (r.path === '/stores' || r.path.startsWith('/stores?')) return json(200, { items: [], nextCursor: null });
    if (r.path === '/me') return json(200, { user: admin });
    if (r.path.startsWith('/admin/orders?')) {
      const status = new URLSearchParams(r.path.split('?')[1]).get('status');
      return json(200, { items: status === 'placed' ? [placed] : [], nextCursor: null });
    }
    if (r.path.startsWith('/admin/users?')) return json(200, { items: partners, nextCursor: null });
    if (r.path === `/orders/${placed.id}`) return json(200, { order: placed });
    if (r.path.startsWith(`/orders/${placed.id}/events`)) return json(200, { items: log, nextCursor: null });
    if (r.path === `/admin/orders/${placed.id}/assign` && assign) return assign();
  });
}

describe('admin board: nearest dispatch', { timeout: 20_000 }, () => {
  it('shows the current wave with its time left and candidates, then "no partner took it" once opened', async () => {
    const placed = makeOrder();
    openBoard(placed);
    await waitFor(() => expect(document.querySelector(`[data-order-id="${placed.id}"]`)).toBeTruthy(), {
      timeout: 10_000,
    });
    act(() => openedSockets[0]!.accept());

    act(() =>
      openedSockets[0]!.fire(
        'event',
        eventFor(10, placed, 'order.offered', null, {
          wave: 2,
          expiresAt: inSeconds(12),
          partnerIds: [ids.partner, ids.otherPartner],
          candidates: [
            { partnerId: ids.partner, distanceMeters: 1240, idleSeconds: 300 },
            { partnerId: ids.otherPartner, distanceMeters: 2600, idleSeconds: 40 },
          ],
        }),
      ),
    );
    const cardEl = () => document.querySelector(`[data-order-id="${placed.id}"]`) as HTMLElement;
    await waitFor(() =>
      expect(within(cardEl()).getByTestId('wave-status').textContent).toMatch(/^Wave 2 of 3 · 1[12] s left$/),
    );
    await waitFor(() => expect(within(cardEl()).getAllByTestId('candidate')).toHaveLength(2));
    const [first, second] = within(cardEl()).getAllByTestId('candidate');
    expect(first!.textContent).toBe('Priya Partner1.2 km');
    expect(second!.textContent).toBe('Omar Other2.6 km');

    act(() => openedSockets[0]!.fire('event', eventFor(11, placed, 'order.offer_expired', null, { wave: 3 })));
    act(() =>
      openedSockets[0]!.fire('event', eventFor(12, placed, 'order.opened', null, { reason: 'waves_exhausted' })),
    );
    await waitFor(() =>
      expect(within(cardEl()).getByTestId('wave-status').textContent).toBe(
        'No partner took it · open to every partner',
      ),
    );
    expect(within(cardEl()).queryAllByTestId('candidate')).toHaveLength(0);
    expect(cardEl().className).toContain('ring-danger');
  });

  it('assigns from the drawer with an Idempotency-Key, and says plainly when someone was faster', async () => {
    const placed = makeOrder();
    const { requests } = openBoard(placed, () => refused(409, 'already_assigned'));
    await waitFor(() => expect(document.querySelector(`[data-order-id="${placed.id}"]`)).toBeTruthy(), {
      timeout: 10_000,
    });
    fireEvent.click(document.querySelector(`[data-order-id="${placed.id}"]`)!);
    const select = (await screen.findByLabelText('Assign to partner')) as HTMLSelectElement;
    await waitFor(() => expect(within(select).getByRole('option', { name: 'Omar Other' })).toBeTruthy());
    fireEvent.change(select, { target: { value: ids.otherPartner } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too late: a partner took this order before your assignment. Nothing was changed.',
    );
    const sent = requests.find((r) => r.path === `/admin/orders/${placed.id}/assign`)!;
    expect(sent.method).toBe('PATCH');
    expect(sent.body).toEqual({ partnerId: ids.otherPartner });
    expect(sent.headers['idempotency-key']).toBeTruthy();
  });

  it('shows the wave of an order already offered when the board opens (from its log), of the server total', async () => {
    const placed = makeOrder();
    const log = [
      eventFor(3, placed, 'order.placed', null),
      eventFor(4, placed, 'order.offered', null, {
        wave: 2,
        expiresAt: inSeconds(15),
        partnerIds: [ids.otherPartner],
        candidates: [{ partnerId: ids.otherPartner, distanceMeters: 800, idleSeconds: 60 }],
      }),
    ];
    openBoard(placed, undefined, { log, maxWaves: 4 });
    const cardEl = () => document.querySelector(`[data-order-id="${placed.id}"]`) as HTMLElement;
    await waitFor(() => expect(cardEl()).toBeTruthy(), { timeout: 10_000 });
    await waitFor(() =>
      expect(within(cardEl()).getByTestId('wave-status').textContent).toMatch(/^Wave 2 of 4 · 1[45] s left$/),
    );
    expect(within(cardEl()).getByTestId('candidate').textContent).toBe('Omar Other800 m');
  });

  it('lists the placed orders on the live map with wave, countdown and candidates; exhausted ones highlighted', async () => {
    const placed = makeOrder();
    const log = [
      eventFor(3, placed, 'order.placed', null),
      eventFor(4, placed, 'order.offered', null, { wave: 1, expiresAt: inSeconds(-30), partnerIds: [ids.partner] }),
      eventFor(5, placed, 'order.offer_expired', null, { wave: 3 }),
      eventFor(6, placed, 'order.opened', null, { reason: 'waves_exhausted' }),
    ];
    openBoard(placed, undefined, { path: '/admin/live-map', log });
    const item = () => document.querySelector(`[data-waiting-order-id="${placed.id}"]`) as HTMLElement;
    await waitFor(() => expect(item()).toBeTruthy(), { timeout: 10_000 });
    await waitFor(() =>
      expect(within(item()).getByTestId('wave-status').textContent).toBe('No partner took it · open to every partner'),
    );
    expect(item().className).toContain('border-danger');
  });
});
