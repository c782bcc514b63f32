import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode, type TestUser } from '../../test/support/test-node.js';
import { requestHash } from './idempotency.js';
import { placeOrder } from './place-order.js';
import { createProduct, stockOf } from './testing/order-factories.js';

let node: TestNode;
let admin: TestUser;
let customer: TestUser;

beforeAll(async () => {
  node = await startTestNode();
  admin = await node.createUser('admin');
  customer = await node.createUser('customer');
});
afterAll(() => node?.close());

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

  it('waits for a request with the same key that is still running, and answers 409 when it runs too long', async () => {
    const product = await createProduct(admin.client, { stock: 10 });
    const buyer = await node.createUser('customer');
    const input = {
      customer: { id: buyer.user.id, role: 'customer' as const },
      items: [{ productId: product.id, quantity: 1 }],
      address: 'x',
      paymentMethod: 'cash_on_delivery' as const,
    };
    const hash = requestHash('POST /orders', {
      items: input.items,
      address: input.address,
      paymentMethod: input.paymentMethod,
    });

    // Another request holds the key in an open transaction (as the first of two would, mid-flight).
    const holder = await node.db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)', [
        buyer.user.id,
        'held',
        hash,
      ]);
      const waited = placeOrder(node.node.ctx, {
        ...input,
        idempotencyKey: 'held',
        correlationId: 'r1',
        idempotencyWaitMs: 150,
      });
      await expect(waited).rejects.toMatchObject({ code: 'idempotency_in_flight', statusCode: 409 });

      // When the holder commits its answer, a waiting request replays it.
      const waiting = placeOrder(node.node.ctx, {
        ...input,
        idempotencyKey: 'held',
        correlationId: 'r2',
        idempotencyWaitMs: 5000,
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await holder.query(
        `UPDATE idempotency_keys SET status_code = 201, response_body = '{"order":"stored"}' WHERE user_id = $1 AND key = 'held'`,
        [buyer.user.id],
      );
      await holder.query('COMMIT');
      expect(await waiting).toEqual({ statusCode: 201, body: { order: 'stored' }, replayed: true });
    } finally {
      holder.release();
    }
    expect(await ordersOf(buyer.user.id)).toBe(0);
    expect(await stockOf(node, product.id)).toBe(10);
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
