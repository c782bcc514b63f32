import { useSyncExternalStore } from 'react';
import { type Cart, emptyCart, parseCart, serializeCart } from './cart';

/**
 * The cart of one signed-in customer, kept in localStorage so it survives a reload (it holds product ids
 * and quantities, nothing secret) and shared between tabs through the `storage` event.
 */
export class CartStore {
  private cart: Cart;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly key: string,
    private readonly storage: Storage | undefined = globalThis.localStorage,
  ) {
    this.cart = parseCart(this.read());
  }

  get = (): Cart => this.cart;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    const onStorage = (event: StorageEvent) => {
      if (event.key !== this.key) return;
      this.cart = parseCart(event.newValue);
      listener();
    };
    globalThis.addEventListener?.('storage', onStorage);
    return () => {
      this.listeners.delete(listener);
      globalThis.removeEventListener?.('storage', onStorage);
    };
  };

  update(change: (cart: Cart) => Cart): void {
    const next = change(this.cart);
    if (next === this.cart) return;
    this.cart = next;
    try {
      if (next.lines.length === 0) this.storage?.removeItem(this.key);
      else this.storage?.setItem(this.key, serializeCart(next));
    } catch {
      // Storage full or blocked (private mode): the cart still works for this page's life.
    }
    for (const listener of this.listeners) listener();
  }

  clear(): void {
    this.update(() => emptyCart);
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(this.key) ?? null;
    } catch {
      return null;
    }
  }
}

const stores = new Map<string, CartStore>();

export function cartStoreFor(userId: string): CartStore {
  const key = `swyft.cart.${userId}`;
  let store = stores.get(key);
  if (!store) {
    store = new CartStore(key);
    stores.set(key, store);
  }
  return store;
}

export function useCartState(store: CartStore): Cart {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
