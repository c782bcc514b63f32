import { beforeEach, describe, expect, it } from 'vitest';
import {
  addToCart,
  type Cart,
  cartCount,
  cartTotalCents,
  emptyCart,
  parseCart,
  quantityOf,
  reconcileCart,
  removeFromCart,
  serializeCart,
  setQuantity,
  toOrderItems,
} from './cart';
import { CartStore } from './cart-store';

const bananas = { id: 'p-bananas', name: 'Bananas (6)', priceCents: 199, stock: 5 };
const milk = { id: 'p-milk', name: 'Whole milk (1 l)', priceCents: 129, stock: 150 };

describe('cart', () => {
  it('adds products, counts items and totals in cents', () => {
    let cart = addToCart(emptyCart, bananas);
    cart = addToCart(cart, milk, 2);
    cart = addToCart(cart, bananas);
    expect(cart.lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['p-bananas', 2],
      ['p-milk', 2],
    ]);
    expect(cartCount(cart)).toBe(4);
    expect(cartTotalCents(cart)).toBe(2 * 199 + 2 * 129);
    expect(quantityOf(cart, 'p-milk')).toBe(2);
    expect(toOrderItems(cart)).toEqual([
      { productId: 'p-bananas', quantity: 2 },
      { productId: 'p-milk', quantity: 2 },
    ]);
  });

  it('never asks for more than the stock', () => {
    let cart = addToCart(emptyCart, bananas, 4);
    cart = addToCart(cart, bananas, 4);
    expect(quantityOf(cart, 'p-bananas')).toBe(5);
    const same = addToCart(cart, bananas);
    expect(quantityOf(same, 'p-bananas')).toBe(5);
    expect(setQuantity(cart, 'p-bananas', 50).lines[0]!.quantity).toBe(5);
  });

  it('does not add a sold-out product', () => {
    expect(addToCart(emptyCart, { ...bananas, stock: 0 })).toEqual(emptyCart);
  });

  it('removes a line at zero and leaves other carts untouched (pure)', () => {
    const cart = addToCart(addToCart(emptyCart, bananas), milk);
    const after = setQuantity(cart, 'p-bananas', 0);
    expect(after.lines.map((l) => l.productId)).toEqual(['p-milk']);
    expect(cart.lines).toHaveLength(2);
    expect(removeFromCart(after, 'p-milk')).toEqual(emptyCart);
    expect(removeFromCart(after, 'unknown')).toBe(after);
  });

  it('follows fresh catalog data: prices, names, stock cuts, gone products', () => {
    const cart = addToCart(addToCart(emptyCart, bananas, 5), milk, 3);
    const next = reconcileCart(cart, [
      { ...bananas, stock: 2, priceCents: 249 },
      { ...milk, active: false },
    ]);
    expect(next.lines).toEqual([
      { productId: 'p-bananas', name: 'Bananas (6)', priceCents: 249, stock: 2, quantity: 2 },
    ]);
    expect(reconcileCart(next, [{ ...bananas, stock: 2, priceCents: 249 }])).toBe(next);
    expect(reconcileCart(next, [])).toBe(next);
  });

  it('round-trips through storage text and rejects what it cannot trust', () => {
    const cart = addToCart(addToCart(emptyCart, bananas, 2), milk);
    expect(parseCart(serializeCart(cart))).toEqual(cart);
    expect(parseCart(null)).toEqual(emptyCart);
    expect(parseCart('not json')).toEqual(emptyCart);
    expect(parseCart(JSON.stringify({ v: 2, lines: [] }))).toEqual(emptyCart);
    const tampered = JSON.stringify({
      v: 1,
      lines: [
        { productId: 'a', name: 'A', priceCents: 100, stock: 3, quantity: 9 },
        { productId: 'a', name: 'A again', priceCents: 100, stock: 3, quantity: 1 },
        { productId: 'b', name: 'B', priceCents: 1.5, stock: 3, quantity: 1 },
        { productId: 'c', name: 'C', priceCents: 100, stock: 3, quantity: -1 },
        null,
      ],
    });
    expect(parseCart(tampered)).toEqual({
      lines: [{ productId: 'a', name: 'A', priceCents: 100, stock: 3, quantity: 3 }],
    });
  });
});

describe('CartStore (the cart survives a reload)', () => {
  beforeEach(() => localStorage.clear());

  it('persists every change and reads it back in a new store, as after a reload', () => {
    const store = new CartStore('swyft.cart.u1', localStorage);
    let notified = 0;
    const off = store.subscribe(() => notified++);
    store.update((c) => addToCart(c, bananas, 2));
    store.update((c) => addToCart(c, milk));
    expect(notified).toBe(2);
    off();

    const afterReload = new CartStore('swyft.cart.u1', localStorage);
    expect(afterReload.get()).toEqual<Cart>(store.get());
    expect(cartCount(afterReload.get())).toBe(3);
    expect(new CartStore('swyft.cart.someone-else', localStorage).get()).toEqual(emptyCart);
  });

  it('keeps the same object when nothing changes, and removes the key when emptied', () => {
    const store = new CartStore('swyft.cart.u2', localStorage);
    store.update((c) => addToCart(c, bananas));
    const before = store.get();
    store.update((c) => setQuantity(c, 'unknown', 3));
    expect(store.get()).toBe(before);
    store.clear();
    expect(localStorage.getItem('swyft.cart.u2')).toBeNull();
  });

  it('follows another tab through the storage event', () => {
    const store = new CartStore('swyft.cart.u3', localStorage);
    let notified = 0;
    store.subscribe(() => notified++);
    const text = serializeCart(addToCart(emptyCart, milk, 4));
    window.dispatchEvent(new StorageEvent('storage', { key: 'swyft.cart.u3', newValue: text }));
    expect(notified).toBe(1);
    expect(quantityOf(store.get(), 'p-milk')).toBe(4);
  });
});
