import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeOrder } from '../../test/factories';
import { json, makeUser, type Request, refused, renderApp } from '../../test/render-app';
import { addToCart, emptyCart, serializeCart } from '../state/cart';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

const crisps = { id: '00000000-0000-4000-8000-0000000000c1', name: 'Truffle crisps', priceCents: 499, stock: 3 };
const milk = { id: '00000000-0000-4000-8000-0000000000c2', name: 'Whole milk (1 l)', priceCents: 129, stock: 50 };

const mitte = {
  id: '00000000-0000-4000-8000-0000000005a1',
  name: 'Swyft Mitte',
  address: 'Torstraße 1, Berlin',
  location: { lat: 52.5265, lng: 13.4025 },
  deliveryArea: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [13.38, 52.51],
        [13.43, 52.51],
        [13.43, 52.54],
        [13.38, 52.54],
        [13.38, 52.51],
      ],
    ],
  },
  prepMinutes: 8,
  active: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

/** The geography a checkout asks for: one store, its quote, no saved addresses (unless given). */
function geography(
  r: Request,
  {
    addresses = [] as unknown[],
    outside = false,
    fees = { deliveryFeeCents: 0, freeDeliveryFromCents: null as number | null, minOrderCents: 0 },
  } = {},
): Response | undefined {
  if (r.path === '/me/addresses' && r.method === 'GET') return json(200, { items: addresses });
  if (r.path.startsWith('/stores?')) return json(200, { items: [mitte], nextCursor: null });
  if (r.path.startsWith('/delivery-quote?'))
    return outside
      ? refused(422, 'outside_delivery_area')
      : json(200, { store: mitte, distanceMeters: 1240, etaMinutes: 17, ...fees });
  return undefined;
}

function withCart(userId: string) {
  localStorage.setItem(`swyft.cart.${userId}`, serializeCart(addToCart(addToCart(emptyCart, crisps, 3), milk, 2)));
}

describe('checkout', () => {
  it('shows the bill: the fee, how much more is free delivery, the tip, the total; the minimum blocks', async () => {
    const user = makeUser('customer');
    withCart(user.id); // 3 × 4.99 + 2 × 1.29 = 17.55
    const fees = { deliveryFeeCents: 299, freeDeliveryFromCents: 2000, minOrderCents: 1800 };
    const { requests } = renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      return geography(r, { fees });
    });
    fireEvent.change(await screen.findByLabelText('Delivery address'), {
      target: { value: '12 Elm Street, 3rd floor' },
    });
    await screen.findByText('Delivered from Swyft Mitte', {}, { timeout: 5000 });
    expect(screen.getByTestId('bill-delivery').textContent).toBe('€2.99');
    expect(screen.getByTestId('bill').parentElement?.textContent).toContain('Add €2.45 for free delivery.');
    expect(screen.getByTestId('bill').parentElement?.textContent).toContain(
      'Add €0.45 more to reach this store’s minimum order',
    );
    expect(screen.getByTestId('bill-total').textContent).toBe('€20.54');
    fireEvent.click(screen.getByLabelText('€2.00'));
    expect(screen.getByTestId('bill-total').textContent).toBe('€22.54');
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(requests.filter((r) => r.method === 'POST' && r.path === '/orders')).toHaveLength(0);
  });

  it('places one order for a double tap, and retries a failed attempt with the same Idempotency-Key', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    let attempts = 0;
    let finish!: (r: Response) => void;
    const order = makeOrder({ customerId: user.id });
    const { requests } = renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      if (r.path === `/orders/${order.id}`) return json(200, { order });
      const answer = geography(r);
      if (answer) return answer;
      if (r.method === 'POST' && r.path === '/orders') {
        attempts++;
        if (attempts === 1) return Promise.reject(new TypeError('Failed to fetch'));
        return new Promise<Response>((resolve) => {
          finish = resolve;
        });
      }
    });
    fireEvent.change(await screen.findByLabelText('Delivery address'), {
      target: { value: '12 Elm Street, 3rd floor' },
    });
    await screen.findByText('Delivered from Swyft Mitte', {}, { timeout: 5000 });
    const place = screen.getByRole('button', { name: 'Place order' });

    fireEvent.click(place);
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringContaining('Cannot reach Swyft'),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(attempts).toBe(2));
    fireEvent.click(screen.getByRole('button', { name: /Placing order/ }));
    fireEvent.submit(screen.getByRole('button', { name: /Placing order/ }).closest('form')!);
    await act(async () => finish(json(201, { order })));

    const posts = requests.filter((r) => r.method === 'POST' && r.path === '/orders');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.headers['idempotency-key']).toBeTruthy();
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key']);
    expect(posts[1]!.body).toEqual({
      items: [
        { productId: crisps.id, quantity: 3 },
        { productId: milk.id, quantity: 2 },
      ],
      address: '12 Elm Street, 3rd floor',
      // The pin starts at the store's door until the customer moves it.
      location: mitte.location,
      paymentMethod: 'cash_on_delivery',
      tipCents: 0,
    });
    // On to the live order page, with the cart emptied.
    expect(await screen.findByTestId('order-headline')).toBeTruthy();
    expect(localStorage.getItem(`swyft.cart.${user.id}`)).toBeNull();
  });

  it('names the items that ran short and brings the cart down to what is left', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      if (r.method === 'POST' && r.path === '/orders')
        return refused(409, 'insufficient_stock', {
          lines: [{ index: 0, productId: crisps.id, requested: 3, available: 1, reason: 'insufficient_stock' }],
        });
    });
    fireEvent.change(await screen.findByLabelText('Delivery address'), { target: { value: '12 Elm Street' } });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    const alert = await screen.findByText(/Not enough stock for Truffle crisps \(only 1 left\)/, {
      selector: '[role="alert"]',
    });
    expect(alert).toBeTruthy();
    expect(screen.getByLabelText('1 Truffle crisps in cart')).toBeTruthy();
    expect(screen.getByLabelText('2 Whole milk (1 l) in cart')).toBeTruthy();
  });

  it('asks for the address before sending anything', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    const { requests } = renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
    });
    // The button waits for the delivery point (the saved addresses and stores answered), as does its field.
    const address = await screen.findByLabelText('Delivery address');
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(address.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(address);
    expect(requests.some((r) => r.path === '/orders')).toBe(false);
  });

  it('names the store that serves the point and its quote, in a live region', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      return geography(r);
    });
    const quote = await screen.findByTestId('delivery-quote');
    expect(quote.getAttribute('role')).toBe('status');
    await waitFor(() => expect(quote.textContent).toContain('Delivered from Swyft Mitte'), { timeout: 5000 });
    expect(quote.textContent).toContain('1.2 km from the store · arrives in about 17 min');
    // The shop will show this store's stock from now on.
    await waitFor(() =>
      expect(JSON.parse(localStorage.getItem(`swyft.delivery-point.${user.id}`)!).storeId).toBe(mitte.id),
    );
    expect(screen.getByRole('region', { name: /Delivery point map/ })).toBeTruthy();
  });

  it('brings the cart within the stock of the store that serves the point', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      if (r.path.startsWith('/products?') && r.path.includes(`storeId=${mitte.id}`))
        return json(200, {
          items: [
            { ...crisps, stock: 1, active: true },
            { ...milk, active: true },
          ],
          nextCursor: null,
        });
      return geography(r);
    });
    expect(await screen.findByLabelText('1 Truffle crisps in cart', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByLabelText('2 Whole milk (1 l) in cart')).toBeTruthy();
  });

  it('says “We don’t deliver here yet” outside every area, names where it does, and places nothing', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    const { requests } = renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      return geography(r, { outside: true });
    });
    fireEvent.change(await screen.findByLabelText('Delivery address'), { target: { value: '1 Far Away Road' } });
    const quote = screen.getByTestId('delivery-quote');
    await waitFor(() => expect(quote.textContent).toContain('We don’t deliver here yet'), { timeout: 5000 });
    expect(quote.textContent).toContain('Swyft Mitte, Torstraße 1, Berlin');
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect((await screen.findByText(/We don’t deliver to this point yet/)).getAttribute('role')).toBe('alert');
    expect(document.activeElement).toBe(quote);
    expect(requests.some((r) => r.method === 'POST' && r.path === '/orders')).toBe(false);
  });

  it('offers the saved addresses and delivers to the one chosen, with its notes for the partner', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    const address = (id: string, label: string, line: string, notes: string | null, lat: number) => ({
      id: `00000000-0000-4000-8000-00000000ad${id}`,
      label,
      line,
      notes,
      location: { lat, lng: 13.41 },
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    });
    const home = address('01', 'Home', 'Linienstraße 5', null, 52.528);
    const work = address('02', 'Work', 'Rosenthaler Str. 40', 'Reception, 2nd floor', 52.525);
    const order = makeOrder({ customerId: user.id });
    const { requests } = renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      if (r.path === `/orders/${order.id}`) return json(200, { order });
      if (r.method === 'POST' && r.path === '/orders') return json(201, { order });
      return geography(r, { addresses: [home, work] });
    });
    const homeChoice = await screen.findByRole('radio', { name: /Home/ });
    await waitFor(() => expect((homeChoice as HTMLInputElement).checked).toBe(true));
    // A saved address needs no typing: there is no address field.
    expect(screen.queryByLabelText('Delivery address')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: /Work/ }));
    await waitFor(() => expect(requests.some((r) => r.path === '/delivery-quote?lat=52.525&lng=13.41')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST' && r.path === '/orders')).toBe(true));
    const post = requests.find((r) => r.method === 'POST' && r.path === '/orders')!;
    expect(post.body).toMatchObject({
      address: 'Rosenthaler Str. 40\nReception, 2nd floor',
      location: work.location,
    });
  });

  it('saves the pin and the address line as an address', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    let saved: unknown[] = [];
    const { requests } = renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      if (r.method === 'POST' && r.path === '/me/addresses') {
        const body = r.body as { label: string; line: string; location: unknown; notes: string | null };
        const address = {
          id: '00000000-0000-4000-8000-00000000ad09',
          ...body,
          createdAt: '2026-11-01T00:00:00.000Z',
          updatedAt: '2026-11-01T00:00:00.000Z',
        };
        saved = [address];
        return json(201, { address });
      }
      return geography(r, { addresses: saved });
    });
    fireEvent.change(await screen.findByLabelText('Delivery address'), { target: { value: 'Auguststraße 12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save this address for next time' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Home' } });
    fireEvent.change(screen.getByLabelText('Notes for the partner (optional)'), { target: { value: 'Ring twice' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST' && r.path === '/me/addresses')).toBe(true));
    expect(requests.find((r) => r.method === 'POST' && r.path === '/me/addresses')!.body).toEqual({
      label: 'Home',
      line: 'Auguststraße 12',
      location: mitte.location,
      notes: 'Ring twice',
    });
    const choice = (await screen.findByRole('radio', { name: /Home/ })) as HTMLInputElement;
    await waitFor(() => expect(choice.checked).toBe(true));
  });

  it('uses the browser’s location when allowed, and says so plainly when it is refused', async () => {
    const user = makeUser('customer');
    withCart(user.id);
    let allow = false;
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: {
        getCurrentPosition: (ok: PositionCallback, fail: PositionErrorCallback) =>
          allow
            ? ok({ coords: { latitude: 52.5301, longitude: 13.4152 }, timestamp: Date.now() } as GeolocationPosition)
            : fail({ code: 1, message: 'denied' } as GeolocationPositionError),
      },
    });
    const { requests } = renderApp('/cart', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      return geography(r);
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Use my location' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/did not allow Swyft to use your location/);
    allow = true;
    fireEvent.click(screen.getByRole('button', { name: 'Use my location' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await waitFor(() => expect(requests.some((r) => r.path === '/delivery-quote?lat=52.5301&lng=13.4152')).toBe(true));
    Reflect.deleteProperty(navigator, 'geolocation');
  });
});

describe('catalog', () => {
  it('shows the stock of the store that serves the remembered delivery point', async () => {
    const user = makeUser('customer');
    localStorage.setItem(
      `swyft.delivery-point.${user.id}`,
      JSON.stringify({ location: mitte.location, line: 'x', addressId: null, storeId: mitte.id }),
    );
    const { requests } = renderApp('/', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      if (r.path.startsWith('/products')) return json(200, { items: [], nextCursor: null });
    });
    await waitFor(() => expect(requests.some((r) => r.path.startsWith('/products'))).toBe(true));
    expect(requests.find((r) => r.path.startsWith('/products'))!.path).toContain(`storeId=${mitte.id}`);
  });
});
