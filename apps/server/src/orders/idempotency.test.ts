import { describe, expect, it } from 'vitest';
import { type TestUser, withTestNode } from '../../test/support/test-node.js';
import { createProduct, moveOrder, placeOrder, stockOf } from './testing/order-factories.js';

const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });

const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });
const ordersOf = async (customerId: string) =>
  (await node.db.pool.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customerId])).rows[0].n;

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, and places nothing new', async () => {
    const product = await createProduct(admin.client, { stock: 10 });
    const body = { items: [{ productId: product.id, quantity: 2 }], address: 'x' };
    const key = crypto.randomUUID();
    const first = await customer.client.post('/api/v1/orders', body, withKey(key));
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await customer.client.post('/api/v1/orders', body, withKey(key));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await stockOf(node, product.id)).toBe(8);

    // Same key, another body: 422, nothing placed.
    const other = await customer.client.post(
      '/api/v1/orders',
      { ...body, items: [{ productId: product.id, quantity: 3 }] },
      withKey(key),
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(await stockOf(node, product.id)).toBe(8);
  });

  it('is scoped to the caller: another customer with the same key places their own order', async () => {
    const product = await createProduct(admin.client, { stock: 10 });
    const body = { items: [{ productId: product.id, quantity: 1 }], address: 'x' };
    const key = crypto.randomUUID();
    const other = await node.createUser('customer');
    const mine = await customer.client.post('/api/v1/orders', body, withKey(key));
    const theirs = await other.client.post('/api/v1/orders', body, withKey(key));
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.order.id).not.toBe(mine.body.order.id);
    expect(theirs.body.order.customerId).toBe(other.user.id);
    expect(await stockOf(node, product.id)).toBe(8);
  });

  it('replays a refusal too: a retry of a refused order is refused the same way, even after a restock', async () => {
    const product = await createProduct(admin.client, { stock: 1 });
    const body = { items: [{ productId: product.id, quantity: 2 }], address: 'x' };
    const key = crypto.randomUUID();
    const first = await customer.client.post('/api/v1/orders', body, withKey(key));
    expect(first.status).toBe(409);
    await admin.client.patch(`/api/v1/products/${product.id}`, { stock: 10 });
    const again = await customer.client.post('/api/v1/orders', body, withKey(key));
    expect(again.status).toBe(409);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await stockOf(node, product.id)).toBe(10);
  });

  it('places exactly one order for 50 concurrent requests with one key', async () => {
    const product = await createProduct(admin.client, { stock: 100 });
    const buyer = await node.createUser('customer');
    const body = { items: [{ productId: product.id, quantity: 1 }], address: 'x' };
    const key = crypto.randomUUID();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => buyer.client.post('/api/v1/orders', body, withKey(key))),
    );
    // Every request waited for the first and got its answer (none was still in flight after 5 s here).
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    expect(await ordersOf(buyer.user.id)).toBe(1);
    expect(await stockOf(node, product.id)).toBe(99);
    const events = await node.db.pool.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'order.placed' AND order_id = $1`,
      [results[0]!.body.order.id],
    );
    expect(events.rows[0].n).toBe(1);
  });

  it('forgets a key after 24 hours', async () => {
    const product = await createProduct(admin.client, { stock: 10 });
    const buyer = await node.createUser('customer');
    const body = { items: [{ productId: product.id, quantity: 1 }], address: 'x' };
    const first = await buyer.client.post('/api/v1/orders', body, withKey('daily'));
    await node.db.pool.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1`,
      [buyer.user.id],
    );
    const later = await buyer.client.post('/api/v1/orders', body, withKey('daily'));
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.order.id).not.toBe(first.body.order.id);
    expect(await ordersOf(buyer.user.id)).toBe(2);
  });
});

/**
 * API.md, "Partners on a bad network": every unsafe order route takes `Idempotency-Key` with the semantics of
 * POST /orders. For each: a retry with the same key replays the first answer and changes nothing (one event);
 * the same key on another request is 422; the first request's refusal is replayed as it was.
 */
describe('Idempotency-Key on the order moves', () => {
  const eventsOf = async (orderId: string, type: string) =>
    (
      await node.db.pool.query('SELECT count(*)::int AS n FROM events WHERE order_id = $1 AND type = $2', [
        orderId,
        type,
      ])
    ).rows[0].n;
  const newOrder = async () => {
    const product = await createProduct(admin.client, { stock: 10 });
    return placeOrder(customer.client, [{ productId: product.id, quantity: 1 }]);
  };
  const acceptedOrder = async (partner: TestUser) => {
    const order = await newOrder();
    await moveOrder(partner.client, order.id, 'accept');
    return order;
  };

  interface Case {
    route: string;
    /** Who acts, on an order in the state the route needs. */
    setUp(): Promise<{ client: TestUser['client']; orderId: string }>;
    body?: unknown;
    /** Another request under the same key: another order, or another body. */
    other(orderId: string): Promise<{ path: string; body?: unknown }>;
    event: string;
  }
  const cases: Case[] = [
    {
      route: 'accept',
      async setUp() {
        const partner = await node.createUser('partner');
        return { client: partner.client, orderId: (await newOrder()).id };
      },
      other: async () => ({ path: `/api/v1/orders/${(await newOrder()).id}/accept` }),
      event: 'order.accepted',
    },
    {
      route: 'reject',
      async setUp() {
        const partner = await node.createUser('partner');
        return { client: partner.client, orderId: (await acceptedOrder(partner)).id };
      },
      other: async () => ({ path: `/api/v1/orders/${(await newOrder()).id}/reject` }),
      event: 'order.released',
    },
    {
      route: 'status',
      async setUp() {
        const partner = await node.createUser('partner');
        return { client: partner.client, orderId: (await acceptedOrder(partner)).id };
      },
      body: { status: 'preparing' },
      other: async (orderId) => ({ path: `/api/v1/orders/${orderId}/status`, body: { status: 'picked_up' } }),
      event: 'order.status_changed',
    },
    {
      route: 'cancel',
      setUp: async () => ({ client: customer.client, orderId: (await newOrder()).id }),
      other: async () => ({ path: `/api/v1/orders/${(await newOrder()).id}/cancel` }),
      event: 'order.cancelled',
    },
  ];

  it.each(cases)('PATCH /orders/:id/$route replays its first answer and moves the order once', async (c) => {
    const { client, orderId } = await c.setUp();
    const key = crypto.randomUUID();
    const path = `/api/v1/orders/${orderId}/${c.route}`;
    const first = await client.patch(path, c.body, withKey(key));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await client.patch(path, c.body, withKey(key));
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(orderId, c.event)).toBe(1);

    const other = await c.other(orderId);
    const reused = await client.patch(other.path, other.body, withKey(key));
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it.each(cases)('PATCH /orders/:id/$route replays a refusal with its first status', async (c) => {
    const { client, orderId } = await c.setUp();
    const path = `/api/v1/orders/${orderId}/${c.route}`;
    await client.patch(path, c.body); // without a key: the move is made, a second one is refused
    const key = crypto.randomUUID();
    const refused = await client.patch(path, c.body, withKey(key));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const again = await client.patch(path, c.body, withKey(key));
    expect(again.status).toBe(refused.status);
    expect(again.body).toEqual(refused.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await eventsOf(orderId, c.event)).toBe(1);
  });

  it('scopes a key to its operation: the key of an accept does not replay as a status change', async () => {
    const partner = await node.createUser('partner');
    const order = await newOrder();
    const key = crypto.randomUUID();
    expect((await partner.client.patch(`/api/v1/orders/${order.id}/accept`, undefined, withKey(key))).status).toBe(200);
    const status = await partner.client.patch(
      `/api/v1/orders/${order.id}/status`,
      { status: 'preparing' },
      withKey(key),
    );
    expect(status.status).toBe(422);
    expect(status.body.error.code).toBe('idempotency_key_reused');
  });
});
