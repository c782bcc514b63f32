import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { createProduct, moveOrder, placeOrder } from '../../src/orders/testing/order-factories.js';
import { waitUntil } from '../../src/realtime/testing/socket-clients.js';
import { findIntegrityProblems } from './integrity.js';
import { withTestNode } from './test-node.js';

// The integrity check the fault tests lean on must be able to fail: each promise, broken on purpose.
const { node, admin, customer, partner } = withTestNode({ admins: 1, customers: 1, partners: 1 });
let stock: Map<string, number>;
let placedId: string;
let acceptedId: string;

beforeAll(async () => {
  const product = await createProduct(admin.client, { stock: 10 });
  stock = new Map([[product.id, 10]]);
  const line = [{ productId: product.id, quantity: 2 }];
  const keyed = await customer.client.post(
    '/api/v1/orders',
    { items: line, address: '1 Test Street' },
    { headers: { 'idempotency-key': randomUUID() } },
  );
  expect(keyed.status).toBe(201);
  placedId = keyed.body.order.id;
  acceptedId = (await placeOrder(customer.client, line)).id;
  await moveOrder(partner.client, acceptedId, 'accept');
  await waitUntil(async () => (await node.db.pool.query('SELECT 1 FROM events WHERE seq IS NULL')).rowCount === 0);
});

it('finds nothing wrong in what the system wrote', async () => {
  expect(await findIntegrityProblems(node.db.pool, stock)).toEqual([]);
});

it.each([
  ['an order without its items', 'every order has its items', `DELETE FROM order_items WHERE order_id = $1`, 'placed'],
  [
    'a hole in a timeline',
    'timeline is contiguous',
    `DELETE FROM order_timeline WHERE order_id = $1 AND position = 0`,
    'accepted',
  ],
  [
    'a status its timeline does not end in',
    'ends in its status',
    `UPDATE orders SET status = 'preparing' WHERE id = $1`,
    'accepted',
  ],
  [
    'a move with two events',
    'exactly one event',
    `INSERT INTO events (type, order_id, data, correlation_id)
     SELECT type, order_id, data, correlation_id FROM events WHERE order_id = $1 AND type = 'order.accepted'`,
    'accepted',
  ],
  [
    'a move without its event',
    'exactly one event',
    `INSERT INTO order_timeline (order_id, position, status, at, actor_id, actor_role)
     SELECT order_id, 2, 'preparing', now(), actor_id, actor_role FROM order_timeline WHERE order_id = $1 AND position = 1`,
    'accepted',
  ],
  [
    'stock that went missing',
    'stock is conserved',
    `UPDATE store_stock SET stock = stock - 1 WHERE product_id IN (SELECT product_id FROM order_items WHERE order_id = $1)`,
    'placed',
  ],
  [
    'an idempotency record left half-written',
    'Idempotency-Key record is complete',
    `UPDATE idempotency_keys SET outcome = NULL WHERE outcome->>'ref' = $1::text`,
    'placed',
  ],
  [
    'an idempotency record pointing to no order',
    'points to it',
    `UPDATE idempotency_keys SET outcome = jsonb_set(outcome, '{ref}', to_jsonb(gen_random_uuid()::text))
     WHERE outcome->>'ref' = $1::text`,
    'placed',
  ],
  ['a gap in the seq', 'seq is contiguous', `UPDATE events SET seq = seq + 100 WHERE order_id = $1`, 'accepted'],
])('finds %s', async (_what, promise, corruption, which) => {
  const client = await node.db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(corruption, [which === 'placed' ? placedId : acceptedId]);
    const problems = await findIntegrityProblems(client, stock);
    expect(
      problems.some((problem) => problem.includes(promise)),
      problems.join('\n'),
    ).toBe(true);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});
