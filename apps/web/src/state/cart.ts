import type { Product } from '../api/types';

/** One line of the cart: enough of the product to show and price it without reloading the catalog. */
export interface CartLine {
  productId: string;
  name: string;
  priceCents: number;
  quantity: number;
  /** Stock when last seen; the cart never asks for more than this. */
  stock: number;
}

export interface Cart {
  lines: CartLine[];
}

export const emptyCart: Cart = { lines: [] };
export const MAX_LINE_QUANTITY = 99;

type ProductLike = Pick<Product, 'id' | 'name' | 'priceCents' | 'stock'>;

/** Adds `quantity` of a product, never beyond its stock (and a sane per-line cap). */
export function addToCart(cart: Cart, product: ProductLike, quantity = 1): Cart {
  const existing = cart.lines.find((line) => line.productId === product.id);
  const wanted = (existing?.quantity ?? 0) + quantity;
  const line: CartLine = {
    productId: product.id,
    name: product.name,
    priceCents: product.priceCents,
    stock: product.stock,
    quantity: clampQuantity(wanted, product.stock),
  };
  if (line.quantity <= 0) return removeFromCart(cart, product.id);
  if (!existing) return { lines: [...cart.lines, line] };
  return { lines: cart.lines.map((l) => (l.productId === product.id ? line : l)) };
}

/** Sets a line's quantity; 0 or less removes it. */
export function setQuantity(cart: Cart, productId: string, quantity: number): Cart {
  const existing = cart.lines.find((line) => line.productId === productId);
  if (!existing) return cart;
  const next = clampQuantity(quantity, existing.stock);
  if (next <= 0) return removeFromCart(cart, productId);
  if (next === existing.quantity) return cart;
  return { lines: cart.lines.map((l) => (l.productId === productId ? { ...l, quantity: next } : l)) };
}

export function removeFromCart(cart: Cart, productId: string): Cart {
  const lines = cart.lines.filter((line) => line.productId !== productId);
  return lines.length === cart.lines.length ? cart : { lines };
}

export function quantityOf(cart: Cart, productId: string): number {
  return cart.lines.find((line) => line.productId === productId)?.quantity ?? 0;
}

export function cartCount(cart: Cart): number {
  return cart.lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** An estimate for display; the server computes the real total from its own prices. */
export function cartTotalCents(cart: Cart): number {
  return cart.lines.reduce((sum, line) => sum + line.priceCents * line.quantity, 0);
}

/** Not to be put in a cart: none left, or no longer sold. */
export function isSoldOut(product: { stock: number; active?: boolean }): boolean {
  return product.stock <= 0 || product.active === false;
}

/**
 * Brings the cart in line with fresh catalog data: new prices and names, quantities cut to the stock,
 * lines of products that are gone or out of stock removed. Lines of products not in `products` are kept.
 */
export function reconcileCart(cart: Cart, products: (ProductLike & { active?: boolean })[]): Cart {
  const byId = new Map(products.map((p) => [p.id, p]));
  let changed = false;
  const lines: CartLine[] = [];
  for (const line of cart.lines) {
    const product = byId.get(line.productId);
    if (!product) {
      lines.push(line);
      continue;
    }
    const quantity = clampQuantity(line.quantity, product.stock);
    if (isSoldOut(product) || quantity <= 0) {
      changed = true;
      continue;
    }
    const next = { ...line, name: product.name, priceCents: product.priceCents, stock: product.stock, quantity };
    if (
      next.name !== line.name ||
      next.priceCents !== line.priceCents ||
      next.stock !== line.stock ||
      next.quantity !== line.quantity
    )
      changed = true;
    lines.push(next);
  }
  return changed ? { lines } : cart;
}

/** The body of `POST /orders`: product ids and quantities only (the server prices them). */
export function toOrderItems(cart: Cart): { productId: string; quantity: number }[] {
  return cart.lines.map(({ productId, quantity }) => ({ productId, quantity }));
}

export function serializeCart(cart: Cart): string {
  return JSON.stringify({ v: 1, lines: cart.lines });
}

/** Reads a stored cart; anything malformed (an old format, a hand edit) yields what can be trusted. */
export function parseCart(text: string | null | undefined): Cart {
  if (!text) return emptyCart;
  try {
    const value = JSON.parse(text) as { v?: unknown; lines?: unknown };
    if (value.v !== 1 || !Array.isArray(value.lines)) return emptyCart;
    const lines = (value.lines as Partial<CartLine>[]).filter(
      (line): line is CartLine =>
        typeof line?.productId === 'string' &&
        typeof line.name === 'string' &&
        Number.isSafeInteger(line.priceCents) &&
        Number.isSafeInteger(line.stock) &&
        Number.isSafeInteger(line.quantity) &&
        line.quantity! > 0,
    );
    const seen = new Set<string>();
    return {
      lines: lines
        .filter((line) => !seen.has(line.productId) && seen.add(line.productId))
        .map((line) => ({ ...line, quantity: clampQuantity(line.quantity, line.stock) }))
        .filter((line) => line.quantity > 0),
    };
  } catch {
    return emptyCart;
  }
}

function clampQuantity(quantity: number, stock: number): number {
  return Math.max(0, Math.min(Math.floor(quantity), stock, MAX_LINE_QUANTITY));
}
