import { useCallback, useMemo } from 'react';
import { toast } from 'sonner';
import type { Product } from '../api/types';
import { useUser } from '../session/session-provider';
import { addToCart, type Cart, cartCount, cartTotalCents, setQuantity } from '../state/cart';
import { type CartStore, cartStoreFor, useCartState } from '../state/cart-store';

export interface CartApi {
  cart: Cart;
  store: CartStore;
  count: number;
  totalCents: number;
  add(product: Pick<Product, 'id' | 'name' | 'priceCents' | 'stock'>): void;
  setQuantity(productId: string, quantity: number): void;
}

/** The signed-in customer's cart, with a short toast for each change. */
export function useCart(): CartApi {
  const user = useUser();
  const store = useMemo(() => cartStoreFor(user.id), [user.id]);
  const cart = useCartState(store);

  const add = useCallback<CartApi['add']>(
    (product) => {
      const before = store.get();
      store.update((c) => addToCart(c, product));
      if (store.get() === before) toast.info(`No more ${product.name} in stock`, { id: 'cart' });
      else toast.success(`Added ${product.name}`, { id: 'cart', duration: 1500 });
    },
    [store],
  );

  const change = useCallback<CartApi['setQuantity']>(
    (productId, quantity) => {
      const line = store.get().lines.find((l) => l.productId === productId);
      store.update((c) => setQuantity(c, productId, quantity));
      if (line && quantity <= 0) toast(`Removed ${line.name}`, { id: 'cart', duration: 1500 });
      else if (line && quantity > line.stock) toast.info(`Only ${line.stock} of ${line.name} in stock`, { id: 'cart' });
      else if (line) toast.success(`${line.name}: ${quantity}`, { id: 'cart', duration: 1200 });
    },
    [store],
  );

  return { cart, store, count: cartCount(cart), totalCents: cartTotalCents(cart), add, setQuantity: change };
}
