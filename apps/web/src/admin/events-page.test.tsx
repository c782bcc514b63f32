import { act, configure, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { eventFor, ids, makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, renderApp } from '../../test/render-app';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

configure({ asyncUtilTimeout: 5000 });

describe('admin event log', { timeout: 20_000 }, () => {
  it('keeps its header with its rows: the last seq follows the events streamed in', async () => {
    const order = makeOrder();
    const logged = [eventFor(7, order, 'order.placed', null)];
    const admin = { ...makeUser('admin'), id: ids.admin };
    let lastSeq = 7;
    renderApp('/admin/events', (r) => {
      if (r.path === '/me') return json(200, { user: admin });
      if (r.path === '/events/health')
        return json(200, { status: 'ok', lastSeq, undelivered: 0, oldestUndeliveredAgeSeconds: null });
      if (r.path.startsWith('/events?')) return json(200, { items: logged, nextCursor: null });
      if (r.path.startsWith('/admin/users?')) return json(200, { items: [], nextCursor: null });
    });
    const header = await screen.findByTestId('log-health', {}, { timeout: 10_000 });
    await waitFor(() => expect(header.textContent).toBe('Log ok · last seq 7 · backlog 0'));

    act(() => openedSockets[0]!.accept());
    lastSeq = 8;
    const accepted = makeOrder({ id: order.id, statuses: ['placed', 'accepted'] });
    act(() => openedSockets[0]!.fire('event', eventFor(8, accepted, 'order.accepted')));
    await screen.findByText('#8');
    expect(header.textContent).toBe('Log ok · last seq 8 · backlog 0');
  });
});
