import { act, configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { eventFor, ids, makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, renderApp } from '../../test/render-app';
import type { Order } from '../api/types';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

configure({ asyncUtilTimeout: 5000 });

const justNow = () => new Date().toISOString();

/** The attention view over these orders: `flagged` answer the flagged query, `active` the status ones. */
function openAttention(active: Order[], flagged: Order[] = []) {
  const admin = { ...makeUser('admin'), id: ids.admin };
  return renderApp('/admin/attention', (r) => {
    if (r.path === '/me') return json(200, { user: admin });
    if (r.path.startsWith('/admin/orders?')) {
      const query = new URLSearchParams(r.path.split('?')[1]);
      if (query.get('flagged') === 'true') return json(200, { items: flagged, nextCursor: null });
      return json(200, { items: active.filter((o) => o.status === query.get('status')), nextCursor: null });
    }
  });
}

const section = (reason: string) => document.querySelector(`[data-reason="${reason}"]`) as HTMLElement;
const listed = (reason: string) =>
  Array.from(section(reason).querySelectorAll('[data-order-id]')).map((row) => row.getAttribute('data-order-id'));

describe('admin: needs attention', { timeout: 20_000 }, () => {
  it('lists waiting orders, silent partners and flagged deliveries apiece, and follows the live feed', async () => {
    // The factory's orders date from days ago: placed long ago, last step long ago.
    const waiting = makeOrder({ customerName: 'Wanda Waiting' });
    const fresh = makeOrder({ createdAt: justNow(), updatedAt: justNow() });
    const silent = makeOrder({
      statuses: ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way'],
      partnerName: 'Priya Partner',
    });
    const flagged = makeOrder({
      statuses: ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered'],
      deliveryFlagged: true,
    });
    const { requests } = openAttention([waiting, fresh, silent], [flagged]);

    await waitFor(() => expect(listed('waiting')).toEqual([waiting.id]), { timeout: 10_000 });
    expect(listed('silent')).toEqual([silent.id]);
    expect(listed('flagged')).toEqual([flagged.id]);
    expect(within(section('waiting')).getByRole('heading').textContent).toBe('Waiting for a partner1');
    expect(section('silent').textContent).toMatch(/Priya Partner · On the way · last sign \d+ days ago/);
    // Flagged deliveries are today's: the query starts at local midnight.
    const flaggedQuery = new URLSearchParams(requests.find((r) => r.path.includes('flagged=true'))!.path.split('?')[1]);
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    expect(flaggedQuery.get('from')).toBe(midnight.toISOString());

    // A partner takes the waiting order: it leaves the list at once, and its fresh step is a sign of life.
    act(() => openedSockets[0]!.accept());
    const accepted = { ...makeOrder({ id: waiting.id, statuses: ['placed', 'accepted'] }), updatedAt: justNow() };
    act(() => openedSockets[0]!.fire('event', eventFor(20, accepted, 'order.accepted')));
    await waitFor(() => expect(section('waiting').textContent).toContain('None now.'));
    expect(listed('silent')).toEqual([silent.id]);
  });

  it('says plainly when nothing is stuck', async () => {
    openAttention([makeOrder({ createdAt: justNow(), updatedAt: justNow() })]);
    expect(await screen.findByRole('heading', { name: 'Nothing needs attention' }, { timeout: 10_000 })).toBeTruthy();
  });
});
