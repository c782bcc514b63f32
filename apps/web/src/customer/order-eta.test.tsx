import { act, configure, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, renderApp } from '../../test/render-app';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

// The app's lazy chunks and two shared cores: what appears may take more than the default second.
configure({ asyncUtilTimeout: 5000 });

describe('order page: the live estimate', { timeout: 20_000 }, () => {
  it('takes each order.eta message: live vs estimate, and an honest age for an old position', async () => {
    const user = makeUser('customer');
    const order = makeOrder({
      customerId: user.id,
      statuses: ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way'],
      eta: {
        deliverBy: new Date(Date.now() + 18 * 60_000).toISOString(),
        minutes: 18,
        basis: 'estimate',
        positionAt: null,
      },
    });
    renderApp(`/orders/${order.id}`, (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path === `/orders/${order.id}`) return json(200, { order });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [order], nextCursor: null });
    });
    expect((await screen.findByTestId('order-eta')).textContent).toMatch(/about 1[78] min/);
    expect(screen.getByText('Arrival · estimate')).toBeTruthy();
    act(() => openedSockets[0]!.accept());

    const deliverBy = new Date(Date.now() + 7 * 60_000 + 20_000).toISOString();
    act(() =>
      openedSockets[0]!.fire('order.eta', {
        orderId: order.id,
        eta: { deliverBy, minutes: 7, basis: 'live', positionAt: new Date(Date.now() - 10_000).toISOString() },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('order-eta').textContent).toContain('about 7 min'));
    expect(screen.getByText('Arrival · live')).toBeTruthy();
    expect(screen.getByTestId('order-eta-basis').textContent).toBe(' · live, from the partner’s position');

    // The partner's position stopped coming: the estimate says how old it is.
    act(() =>
      openedSockets[0]!.fire('order.eta', {
        orderId: order.id,
        eta: { deliverBy, minutes: 7, basis: 'live', positionAt: new Date(Date.now() - 95_000).toISOString() },
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('order-eta-basis').textContent).toMatch(/^ · live, but the position is 9[56] s old$/),
    );
  });
});
