import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { eventFor, ids, makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, renderApp } from '../../test/render-app';
import type { OrderStatus } from '../api/types';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

describe('order page', () => {
  it('moves through every step as events arrive, without reloading', async () => {
    const user = makeUser('customer');
    const placed = makeOrder({ statuses: ['placed'], customerId: user.id });
    const { requests } = renderApp(`/orders/${placed.id}`, (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path === `/orders/${placed.id}`) return json(200, { order: placed });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [placed], nextCursor: null });
    });
    expect(await screen.findByTestId('order-headline')).toHaveProperty('textContent', 'Finding a delivery partner…');
    // The step the page opened on is on screen; only the steps that arrive later are spoken.
    const spoken = screen.getByTestId('announcer-polite');
    expect(spoken.textContent).toBe('');
    const socket = openedSockets[0]!;
    act(() => socket.accept());
    const loadsBefore = requests.filter((r) => r.path === `/orders/${placed.id}`).length;

    const steps: OrderStatus[] = ['accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered'];
    const headlines = [
      'accepted your order',
      'Your order is being packed',
      'Picked up!',
      'On the way to you',
      'Delivered. Enjoy!',
    ];
    for (const [i, status] of steps.entries()) {
      const order = makeOrder({ id: placed.id, customerId: user.id, statuses: ['placed', ...steps.slice(0, i + 1)] });
      act(() => socket.fire('event', eventFor(100 + i, order)));
      await waitFor(() => expect(screen.getByTestId('order-headline').textContent).toContain(headlines[i]));
      await waitFor(() => expect(spoken.textContent).toContain(headlines[i]));
      const current = within(screen.getByRole('list', { name: 'Order progress' })).getByText(
        (_, el) => el?.getAttribute('aria-current') === 'step',
      );
      expect(current.getAttribute('data-step')).toBe(status);
    }
    // Everything came over the socket: the order was not fetched again.
    expect(requests.filter((r) => r.path === `/orders/${placed.id}`).length).toBe(loadsBefore);
  });

  it('shows the partner on the map while on the way', async () => {
    const user = makeUser('customer');
    const order = makeOrder({
      customerId: user.id,
      statuses: ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way'],
    });
    renderApp(`/orders/${order.id}`, (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path === `/orders/${order.id}`) return json(200, { order });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [order], nextCursor: null });
    });
    expect(await screen.findByText('Waiting for the partner’s position…')).toBeTruthy();
    act(() => openedSockets[0]!.accept());
    act(() =>
      openedSockets[0]!.fire('partner.location', {
        partnerId: ids.partner,
        orderId: order.id,
        lat: 52.521,
        lng: 13.406,
        at: new Date().toISOString(),
      }),
    );
    expect(await screen.findByTestId('partner-marker')).toBeTruthy();
    // Beside the map, in words: how far the partner is from the door (52.521,13.406 → 52.5301,13.4152).
    const facts = screen.getByTestId('delivery-facts');
    await waitFor(() => expect(facts.textContent).toContain('1.2 km from the door'));
    expect(facts.textContent).toContain('position updated just now');
  });

  it('says in words beside the map where the order comes from, where it goes, and when it arrives', async () => {
    const user = makeUser('customer');
    const deliverBy = new Date(Date.now() + 18 * 60_000 + 20_000).toISOString();
    const order = makeOrder({
      customerId: user.id,
      statuses: ['placed', 'accepted'],
      address: 'Linienstraße 5\nRing twice',
      eta: { deliverBy, minutes: 18, basis: 'estimate', positionAt: null },
    });
    renderApp(`/orders/${order.id}`, (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path === `/orders/${order.id}`) return json(200, { order });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [order], nextCursor: null });
    });
    const facts = await screen.findByTestId('delivery-facts');
    expect(facts.textContent).toContain('Mitte');
    expect(facts.textContent).toContain('Linienstraße 5');
    // Store (52.5265,13.4025) to door (52.5301,13.4152): about 0.9 km.
    expect(facts.textContent).toContain('950 m away');
    expect(screen.getByTestId('order-eta').textContent).toMatch(/^Arrives by .+ \(about 18 min\)$/);
    // Before pickup there is no partner position to wait for.
    expect(facts.textContent).not.toContain('Waiting for the partner');
    expect(await screen.findByRole('region', { name: 'Your delivery on the map' })).toBeTruthy();
  });
});
