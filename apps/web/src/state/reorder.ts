import type { OrderItem, Product } from '../api/types';
import { addToCart, type Cart, isSoldOut } from './cart';

export interface ReorderPlan {
  cart: Cart;
  /** Lines added, with the quantity that fitted in stock. */
  added: { name: string; quantity: number; wanted: number }[];
  /** Lines skipped: gone from the shop, or out of stock. */
  skipped: string[];
}

/**
 * A past order's lines on top of the cart, at today's prices and within today's stock; what is no longer sold
 * or has none left is skipped (and named). `current` maps product id → the product now (missing: gone).
 */
export function planReorder(cart: Cart, items: OrderItem[], current: Map<string, Product | null>): ReorderPlan {
  const plan: ReorderPlan = { cart, added: [], skipped: [] };
  for (const item of items) {
    const product = current.get(item.productId);
    if (!product || isSoldOut(product)) {
      plan.skipped.push(item.name);
      continue;
    }
    const quantity = Math.min(item.quantity, product.stock);
    plan.cart = addToCart(plan.cart, product, quantity);
    plan.added.push({ name: product.name, quantity, wanted: item.quantity });
  }
  return plan;
}

/** One sentence for what happened: what went into the cart, what was skipped and why. */
export function describeReorder(plan: ReorderPlan): string {
  const count = plan.added.reduce((n, line) => n + line.quantity, 0);
  const fewer = plan.added
    .filter((line) => line.quantity < line.wanted)
    .map((line) => `${line.name} (only ${line.quantity} left)`);
  const parts: string[] = [];
  parts.push(
    count > 0
      ? `Added ${count} ${count === 1 ? 'item' : 'items'} to your cart.`
      : 'Nothing could be added to your cart.',
  );
  if (plan.skipped.length > 0) parts.push(`Out of stock, skipped: ${plan.skipped.join(', ')}.`);
  if (fewer.length > 0) parts.push(`Fewer than before: ${fewer.join(', ')}.`);
  return parts.join(' ');
}
