import type { OrderStatus } from '@swyft/contract';
import { expect } from 'vitest';
import type { Queryable } from '../../db/pool.js';

/** The model of order-model.test.ts, written from API.md independently of the server, and its invariants. */

/** API.md's moves, written out again here so the server's table is checked, not reused. */
export const partnerSteps: Record<string, OrderStatus[]> = {
  accepted: ['preparing', 'picked_up'],
  preparing: ['picked_up'],
  picked_up: ['on_the_way'],
  on_the_way: ['delivered'],
};
export const adminMoves: Record<string, OrderStatus[]> = {
  placed: ['cancelled'],
  accepted: ['placed', 'preparing', 'picked_up', 'cancelled'],
  preparing: ['picked_up', 'cancelled'],
  picked_up: ['on_the_way', 'cancelled'],
  on_the_way: ['delivered', 'cancelled'],
};
const legalSequence = new Set([
  'placed>accepted',
  'accepted>placed',
  ...Object.entries(adminMoves).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)),
]);
export const held = (status: OrderStatus) => ['accepted', 'preparing', 'picked_up', 'on_the_way'].includes(status);

export interface ModelOrder {
  id: string;
  customer: number;
  partner: number | null;
  status: OrderStatus;
  lines: { product: number; quantity: number }[];
  /** Partners who declined it or gave it back: for them it no longer exists. */
  declined: Set<number>;
}
export interface Model {
  stock: number[];
  orders: ModelOrder[];
}
/** The system under test, as the commands and the invariants reach it. */
export interface Real {
  db: Queryable;
  productIds: string[];
  initialStock: number;
  partnerIds: string[];
}

/** An HTTP answer as the model predicts it: the status, and the error code of a refusal. */
export const outcome = (res: { status: number; body: { error?: { code: string } } }) =>
  res.status < 300 ? { status: res.status } : { status: res.status, code: res.body.error?.code };

/** After every command: the database agrees with the model and with the invariants. */
export async function checkInvariants(model: Model, real: Real): Promise<void> {
  {
    const { db } = real;
    const stock = await db.query<{ id: string; stock: number; taken: number }>(
      `SELECT p.id, (SELECT COALESCE(sum(ss.stock), 0) FROM store_stock ss WHERE ss.product_id = p.id)::int AS stock, COALESCE((SELECT sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id
                                        WHERE i.product_id = p.id AND o.status <> 'cancelled'), 0)::int AS taken
       FROM products p WHERE p.id = ANY($1::uuid[])`,
      [real.productIds],
    );
    for (const row of stock.rows) {
      const index = real.productIds.indexOf(row.id);
      expect(row.stock, 'stock as the model has it').toBe(model.stock[index]);
      expect(row.stock + row.taken, 'stock + reserved-and-sold = initial stock').toBe(real.initialStock);
    }
    if (model.orders.length === 0) return;
    const ids = model.orders.map((o) => o.id);
    const orders = await db.query<{ id: string; status: OrderStatus; partner_id: string | null; statuses: string[] }>(
      `SELECT o.id, o.status, o.partner_id,
              (SELECT array_agg(t.status ORDER BY t.position) FROM order_timeline t WHERE t.order_id = o.id) AS statuses
       FROM orders o WHERE o.id = ANY($1::uuid[])`,
      [ids],
    );
    const events = await db.query<{ order_id: string; types: string[] }>(
      `SELECT order_id, array_agg(type ORDER BY id) AS types FROM events
       WHERE order_id = ANY($1::uuid[]) GROUP BY order_id`,
      [ids],
    );
    const eventsOf = new Map(events.rows.map((r) => [r.order_id, r.types]));
    for (const row of orders.rows) {
      const expected = model.orders.find((o) => o.id === row.id)!;
      expect(row.status).toBe(expected.status);
      // One partner column: an order has at most one partner, and it is the one the model says.
      expect(row.partner_id).toBe(expected.partner === null ? null : real.partnerIds[expected.partner]!);
      expect(row.statuses[0]).toBe('placed');
      for (let i = 1; i < row.statuses.length; i++) {
        expect(legalSequence.has(`${row.statuses[i - 1]}>${row.statuses[i]}`), row.statuses.join(' > ')).toBe(true);
      }
      expect(row.statuses.at(-1)).toBe(row.status);
      // Exactly one event per change: one per timeline entry, of the matching type.
      const types = eventsOf.get(row.id) ?? [];
      expect(types).toHaveLength(row.statuses.length);
      row.statuses.forEach((status, i) => {
        const previous = row.statuses[i - 1];
        const type =
          i === 0
            ? 'order.placed'
            : status === 'accepted'
              ? 'order.accepted'
              : status === 'placed'
                ? 'order.released'
                : status === 'delivered'
                  ? 'order.delivered'
                  : status === 'cancelled'
                    ? 'order.cancelled'
                    : 'order.status_changed';
        expect(types[i], `${previous} > ${status}`).toBe(type);
      });
    }
  }
}
