import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { eventFor, ids, makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, renderApp } from '../../test/render-app';
import type { Order } from '../api/types';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

describe('partner home', () => {
  it('speaks a new offer that arrives by socket: what it is, what it pays, where', async () => {
    const user = makeUser('partner');
    localStorage.setItem(`swyft.partner.online.${user.id}`, 'true');
    const offers: Order[] = [];
    renderApp('/partner', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/assigned')) return json(200, { items: [], nextCursor: null });
      // What the server would answer a resync with: the offers placed so far.
      if (r.path.startsWith('/orders/unassigned')) return json(200, { items: offers, nextCursor: null });
    });
    // The partner area is a lazy chunk: its first import can take a while on a busy machine.
    expect(await screen.findByText('Waiting for orders…', {}, { timeout: 10_000 })).toBeTruthy();
    const spoken = screen.getByTestId('announcer-polite');
    act(() => openedSockets[0]!.accept());

    const offer = makeOrder({ address: '9 Quay Street' });
    offers.push(offer);
    act(() =>
      openedSockets[0]!.fire('event', eventFor(7, offer, 'order.placed', { id: ids.customer, role: 'customer' })),
    );

    expect(await screen.findByRole('article', { name: /^Offer / }, { timeout: 5000 })).toBeTruthy();
    await waitFor(() =>
      expect(spoken.textContent).toBe(
        'New offer: 2 items, €3.98, to 9 Quay Street. Accept or decline it under Offers.',
      ),
    );
  });
});
