import { describe, expect, it } from 'vitest';
import type { Product } from '../api/types';
import { emptyCart } from './cart';
import { describeReorder, planReorder } from './reorder';

const product = (id: string, name: string, stock: number, active = true) =>
  ({ id, name, priceCents: 100, stock, active }) as Product;

describe('planReorder', () => {
  it('adds what is in stock, within stock, and names what it skipped', () => {
    const items = [
      { productId: 'a', name: 'Bananas', priceCents: 90, quantity: 2 },
      { productId: 'b', name: 'Milk', priceCents: 120, quantity: 1 },
      { productId: 'c', name: 'Bread', priceCents: 300, quantity: 3 },
      { productId: 'd', name: 'Old tea', priceCents: 300, quantity: 1 },
    ];
    const current = new Map<string, Product | null>([
      ['a', product('a', 'Bananas', 10)],
      ['b', product('b', 'Milk', 0)],
      ['c', product('c', 'Bread', 2)],
      ['d', null],
    ]);
    const plan = planReorder(emptyCart, items, current);
    expect(plan.cart.lines.map((l) => [l.productId, l.quantity, l.priceCents])).toEqual([
      ['a', 2, 100],
      ['c', 2, 100],
    ]);
    expect(describeReorder(plan)).toBe(
      'Added 4 items to your cart. Out of stock, skipped: Milk, Old tea. Fewer than before: Bread (only 2 left).',
    );
  });
});
