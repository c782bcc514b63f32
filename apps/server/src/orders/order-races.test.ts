import type { Order, OrderStatus } from '@swyft/contract';
import { beforeAll, expect, it } from 'vitest';
import type { TestResponse } from '../../test/support/test-client.js';
import { type TestUser, withTestNode } from '../../test/support/test-node.js';
import { createProduct, handoverCodeOf, moveOrder, placeOrder } from './testing/order-factories.js';

/**
 * Two legal moves on one order at the same moment: the second waits for the first's row lock and must then
 * see the order as the first left it (status and timeline), so it either applies on top of it or gets the
 * usual 409 / 404, never a 500. Every pair of legal moves from each status (API.md, Orders) races 20 times.
 */

const RUNS = 20;
const RACES_AT_ONCE = 5;

type Actor = 'customer' | 'admin' | 'holder' | 'partnerA' | 'partnerB';
interface Move {
  name: string;
  actor: Actor;
  action: 'accept' | 'reject' | 'status' | 'cancel';
  status?: OrderStatus;
}
const partnerStep = (status: OrderStatus): Move => ({
  name: `holder → ${status}`,
  actor: 'holder',
  action: 'status',
  status,
});
const adminStep = (status: OrderStatus): Move => ({
  name: `admin → ${status}`,
  actor: 'admin',
  action: 'status',
  status,
});
const adminCancel: Move = { name: 'admin cancels', actor: 'admin', action: 'cancel' };
const customerCancel: Move = { name: 'customer cancels', actor: 'customer', action: 'cancel' };

/** The legal moves from each status, by each kind of caller that may make them. */
const legalMoves: Partial<Record<OrderStatus, Move[]>> = {
  placed: [
    { name: 'partner A accepts', actor: 'partnerA', action: 'accept' },
    { name: 'partner B accepts', actor: 'partnerB', action: 'accept' },
    { name: 'partner B declines', actor: 'partnerB', action: 'reject' },
    customerCancel,
    adminCancel,
  ],
  accepted: [
    { name: 'holder gives it back', actor: 'holder', action: 'reject' },
    partnerStep('preparing'),
    partnerStep('picked_up'),
    customerCancel,
    adminCancel,
    adminStep('placed'),
    adminStep('preparing'),
  ],
  preparing: [partnerStep('picked_up'), adminStep('picked_up'), adminCancel],
  picked_up: [partnerStep('on_the_way'), adminStep('on_the_way'), adminCancel],
  on_the_way: [partnerStep('delivered'), adminStep('delivered'), adminCancel],
};
/** How an order is brought to each status by the holder before the race. */
const stepsTo: Record<string, OrderStatus[]> = {
  placed: [],
  accepted: [],
  preparing: ['preparing'],
  picked_up: ['picked_up'],
  on_the_way: ['picked_up', 'on_the_way'],
};

const {
  node,
  admin,
  customer,
  partners: [holder, partnerA, partnerB],
} = withTestNode({ admins: 1, customers: 1, partners: 3 });
const cast: Record<Actor, TestUser> = { admin, customer, holder, partnerA, partnerB };
let productId: string;

beforeAll(async () => {
  productId = (await createProduct(admin.client, { stock: 1_000_000 })).id;
});

async function orderIn(status: OrderStatus): Promise<Order> {
  const order = await placeOrder(cast.customer.client, [{ productId, quantity: 1 }]);
  if (status === 'placed') return order;
  let current = await moveOrder(cast.holder.client, order.id, 'accept');
  for (const step of stepsTo[status]!)
    current = await moveOrder(cast.holder.client, order.id, 'status', { status: step });
  // Read before the race, as the partner's phone has it: the code the customer shows at the door.
  if (status === 'on_the_way') handoverCodes.set(order.id, await handoverCodeOf(cast.customer.client, order.id));
  return current;
}
const handoverCodes = new Map<string, string>();

function make(move: Move, orderId: string): Promise<TestResponse> {
  const client = cast[move.actor].client;
  const path = `/api/v1/orders/${orderId}/${move.action}`;
  const handoverCode = move.actor === 'holder' && move.status === 'delivered' ? handoverCodes.get(orderId) : undefined;
  return client.patch(path, move.action === 'status' ? { status: move.status, handoverCode } : undefined);
}

/** What the database holds for an order: its timeline positions and the number of its events. */
async function stored(orderId: string) {
  const { rows } = await node.db.pool.query<{ status: OrderStatus; positions: number[]; events: number }>(
    `SELECT o.status,
            (SELECT array_agg(t.position ORDER BY t.position) FROM order_timeline t WHERE t.order_id = o.id) AS positions,
            (SELECT count(*)::int FROM events e WHERE e.order_id = o.id) AS events
     FROM orders o WHERE o.id = $1`,
    [orderId],
  );
  return rows[0]!;
}

const pairs = Object.entries(legalMoves).flatMap(([from, moves]) =>
  moves!.flatMap((first, i) => moves!.slice(i + 1).map((second) => ({ from: from as OrderStatus, first, second }))),
);

it.each(pairs.map((pair) => [`${pair.from}: ${pair.first.name} ‖ ${pair.second.name}`, pair] as const))(
  '%s, 20 times: no 5xx, one event per applied move, a contiguous timeline',
  async (_, { from, first, second }) => {
    const orders = await Promise.all(Array.from({ length: RUNS }, () => orderIn(from)));
    // Both moves of a run are sent together; five runs at a time, so that they do not queue for the node's
    // ten database connections behind other runs.
    const outcomes: TestResponse[][] = [];
    for (let i = 0; i < RUNS; i += RACES_AT_ONCE) {
      const batch = orders.slice(i, i + RACES_AT_ONCE);
      outcomes.push(...(await Promise.all(batch.map((o) => Promise.all([make(first, o.id), make(second, o.id)])))));
    }

    for (const [run, order] of orders.entries()) {
      const responses = outcomes[run]!;
      const described = responses.map((r) => `${r.status} ${r.body?.error?.code ?? ''}`).join(' | ');
      for (const response of responses) {
        expect(response.status, described).toBeLessThan(500);
        if (response.status === 409)
          expect(['invalid_transition', 'already_assigned'], described).toContain(response.body.error.code);
        else if (response.status !== 200) expect(response.status, described).toBe(404);
      }
      // Both moves were legal from where the order stood: whichever took the lock first was applied.
      expect(
        responses.some((r) => r.status === 200),
        described,
      ).toBe(true);

      // A move answers the order with one more timeline entry than it had; declining an offer answers it as
      // it stands (unchanged, or as the other move left it), so moves are told apart by timeline length.
      const before = order.timeline.length;
      const byLength = new Map<number, Order>();
      for (const r of responses) if (r.status === 200) byLength.set(r.body.order.timeline.length, r.body.order);
      const moved = [...byLength.entries()]
        .filter(([length]) => length > before)
        .sort(([a], [b]) => a - b)
        .map(([, moved]) => moved);
      const db = await stored(order.id);
      // The timeline is contiguous (0..n-1), with one entry and one event per applied move.
      expect(db.positions, described).toEqual(Array.from({ length: before + moved.length }, (_, i) => i));
      expect(db.events, described).toBe(before + moved.length);
      expect(db.status, described).toBe(moved.at(-1)?.status ?? from);
    }
  },
);
