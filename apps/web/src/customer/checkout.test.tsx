import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeOrder } from '../../test/factories';
import { json, makeUser, refused, renderApp } from '../../test/render-app';
import { addToCart, emptyCart, serializeCart } from '../state/cart';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

const crisps = { id: '00000000-0000-4000-8000-0000000000c1', name: 'Truffle crisps', priceCents: 499, stock: 3 };
const milk = { id: '00000000-0000-4000-8000-0000000000c2', name: 'Whole milk (1 l)', priceCents: 129, stock: 50 };

function withCart(userId: string) {
  localStorage.setItem(`swyft.cart.${userId}`, serializeCart(addToCart(addToCart(emptyCart, crisps, 3), milk, 2)));
}

describe('checkout', () => {
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
      paymentMethod: 'cash_on_delivery',
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
    fireEvent.click(await screen.findByRole('button', { name: 'Place order' }));
    const address = screen.getByLabelText('Delivery address');
    expect(address.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(address);
    expect(requests.some((r) => r.path === '/orders')).toBe(false);
  });
});
