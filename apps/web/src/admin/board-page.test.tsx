import { act, configure, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { eventFor, ids, makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, renderApp } from '../../test/render-app';
import type { Order } from '../api/types';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

configure({ asyncUtilTimeout: 5000 });

const totals = (delivered: number, cancelled: number) => ({
  placedOrders: delivered + cancelled,
  deliveredOrders: delivered,
  cancelledOrders: cancelled,
  revenueCents: 0,
  tipsCents: 0,
  averageOrderCents: null,
});

describe('admin board: the finished columns', { timeout: 20_000 }, () => {
  it("counts today's delivered and cancelled orders as the dashboard does, and shows the newest of them", async () => {
    const now = new Date().toISOString();
    const delivered: Order = {
      ...makeOrder({ statuses: ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered'] }),
      createdAt: now,
      updatedAt: now,
    };
    let deliveredToday = 30;
    const admin = { ...makeUser('admin'), id: ids.admin };
    const { requests } = renderApp('/admin', (r) => {
      if (r.path === '/me') return json(200, { user: admin });
      if (r.path.startsWith('/admin/stats?'))
        return json(200, { period: { from: now, to: now, tz: 'UTC', totals: totals(deliveredToday, 2) } });
      if (r.path.startsWith('/admin/orders?')) {
        const status = new URLSearchParams(r.path.split('?')[1]).get('status');
        return json(200, { items: status === 'delivered' ? [delivered] : [], nextCursor: null });
      }
    });
    const column = (status: string) => document.querySelector(`[data-column="${status}"]`) as HTMLElement;
    await waitFor(() => expect(column('delivered').querySelector('h2')!.textContent).toBe('Delivered30 today'), {
      timeout: 10_000,
    });
    // The figures and the cards load apart: the caption is right once both are in.
    await waitFor(() => expect(column('delivered').textContent).toContain('Today · newest 1 of 30'));
    expect(column('cancelled').querySelector('h2')!.textContent).toBe('Cancelled2 today');
    // The finished columns load today's orders only: placed since local midnight.
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const deliveredQuery = requests.find((r) => r.path.startsWith('/admin/orders?') && r.path.includes('delivered'))!;
    expect(new URLSearchParams(deliveredQuery.path.split('?')[1]).get('from')).toBe(midnight.toISOString());

    // A delivery: the card moves at once, and the count follows from the day's figures soon after.
    deliveredToday = 31;
    act(() => openedSockets[0]!.accept());
    const another: Order = { ...makeOrder({ statuses: ['placed', 'accepted'] }), createdAt: now, updatedAt: now };
    act(() => openedSockets[0]!.fire('event', eventFor(40, another, 'order.accepted')));
    await waitFor(() => expect(column('delivered').querySelector('h2')!.textContent).toBe('Delivered31 today'));
  });
});
