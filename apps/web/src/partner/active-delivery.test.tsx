import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeOrder } from '../../test/factories';
import { json, makeUser, openedSockets, renderApp } from '../../test/render-app';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

/** A browser whose geolocation is driven by the test: `fix` sends a position, `refuse` an error code. */
function fakeGeolocation() {
  const watchers: { ok: PositionCallback; fail: PositionErrorCallback }[] = [];
  Object.defineProperty(navigator, 'geolocation', {
    configurable: true,
    value: {
      watchPosition: (ok: PositionCallback, fail: PositionErrorCallback) => watchers.push({ ok, fail }),
      clearWatch: () => {},
    },
  });
  return {
    fix: (lat: number, lng: number) =>
      act(() => {
        for (const w of watchers)
          w.ok({
            coords: { latitude: lat, longitude: lng, heading: null, speed: null },
            timestamp: Date.now(),
          } as unknown as GeolocationPosition);
      }),
    refuse: (code: number) =>
      act(() => {
        for (const w of watchers) w.fail({ code, message: 'no' } as GeolocationPositionError);
      }),
  };
}

const sentLocations = () =>
  (openedSockets[0]?.sent ?? []).filter(([event]) => event === 'location').map(([, payload]) => payload);

afterEach(() => {
  Reflect.deleteProperty(navigator, 'geolocation');
});

function renderDelivery() {
  const user = makeUser('partner');
  const order = makeOrder({ statuses: ['placed', 'accepted', 'preparing', 'picked_up'], address: '9 Quay Street' });
  renderApp('/partner', (r) => {
    if (r.path === '/me') return json(200, { user });
    if (r.path.startsWith('/orders/assigned')) return json(200, { items: [order], nextCursor: null });
    if (r.path.startsWith('/orders/unassigned')) return json(200, { items: [], nextCursor: null });
  });
  return order;
}

describe('active delivery', () => {
  it('shows the store and the door with a link to navigate there, and shares the real position', async () => {
    const geo = fakeGeolocation();
    const order = renderDelivery();
    const delivery = await screen.findByTestId('active-delivery', {}, { timeout: 10_000 });
    act(() => openedSockets[0]!.accept());
    geo.fix(52.521, 13.406);
    const navigate = screen.getByRole('link', { name: /^Navigate/ });
    expect(navigate.getAttribute('href')).toContain(`${order.destination!.lat}`);
    expect(delivery.textContent).toContain('Mitte');
    expect(delivery.textContent).toContain('9 Quay Street');
    await waitFor(() => expect(delivery.textContent).toContain('Sharing your live position with the customer'));
    expect(screen.getByTestId('delivery-facts').textContent).toContain('1.2 km from the door');
    expect(sentLocations()).toContainEqual({ lat: 52.521, lng: 13.406 });
    expect(await screen.findByRole('region', { name: 'Store and destination of this delivery' })).toBeTruthy();
  });

  it('sends at most one position a second, and the last one of a burst when the second is up', async () => {
    const geo = fakeGeolocation();
    renderDelivery();
    await screen.findByTestId('active-delivery', {}, { timeout: 10_000 });
    act(() => openedSockets[0]!.accept());
    geo.fix(52.521, 13.406);
    geo.fix(52.522, 13.406); // too soon: waits
    geo.fix(52.523, 13.406); // too soon: replaces the one waiting (the partner stops here, at the door)
    await waitFor(() => expect(sentLocations()).toHaveLength(1));
    expect(sentLocations()).toEqual([{ lat: 52.521, lng: 13.406 }]);
    await waitFor(() => expect(sentLocations()).toHaveLength(2), { timeout: 3_000 });
    expect(sentLocations()[1]).toEqual({ lat: 52.523, lng: 13.406 });
  });

  it('says plainly that the customer cannot see the partner when location is refused (no simulated ride)', async () => {
    const geo = fakeGeolocation();
    renderDelivery();
    const delivery = await screen.findByTestId('active-delivery', {}, { timeout: 10_000 });
    act(() => openedSockets[0]!.accept());
    geo.refuse(1);
    await waitFor(() => expect(delivery.textContent).toContain('Location is not allowed'));
    expect(sentLocations()).toEqual([]);
  });
});
