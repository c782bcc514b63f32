import type { Order } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct, placeOrder, stockOf } from './testing/order-factories.js';

const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });

const shuffle = <T>(items: T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

describe('placing an order', () => {
  it('prices it on the server, copies names and prices, takes the stock and logs order.placed', async () => {
    const milk = await createProduct(admin.client, { name: 'Milk', priceCents: 129, stock: 10 });
    const eggs = await createProduct(admin.client, { name: 'Eggs', priceCents: 379, stock: 5 });
    const res = await customer.client.post('/api/v1/orders', {
      items: [
        { productId: milk.id, quantity: 3 },
        { productId: eggs.id, quantity: 1 },
      ],
      address: ' 12 Baker Street ',
    });
    expect(res.status).toBe(201);
    const order: Order = res.body.order;
    expect(order).toMatchObject({
      customerId: customer.user.id,
      partnerId: null,
      status: 'placed',
      items: [
        { productId: milk.id, name: 'Milk', priceCents: 129, quantity: 3 },
        { productId: eggs.id, name: 'Eggs', priceCents: 379, quantity: 1 },
      ],
      totalCents: 3 * 129 + 379,
      address: '12 Baker Street',
      payment: { method: 'cash_on_delivery', status: 'pending' },
      timeline: [{ status: 'placed', actorId: customer.user.id, actorRole: 'customer' }],
    });
    expect(await stockOf(node, milk.id)).toBe(7);
    expect(await stockOf(node, eggs.id)).toBe(4);

    // GET answers exactly what POST answered (and, being the customer's own view, the handover code), and so
    // does the event.
    const seen = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order;
    expect(seen.handoverCode).toMatch(/^[0-9]{4}$/);
    expect({ ...seen, handoverCode: undefined }).toEqual(order);
    const { rows } = await node.db.pool.query(
      'SELECT type, actor_id, actor_role, data, audience_user_ids, to_online_partners FROM events WHERE order_id = $1',
      [order.id],
    );
    expect(rows).toEqual([
      {
        type: 'order.placed',
        actor_id: customer.user.id,
        actor_role: 'customer',
        // The log keeps no copy of the address (personal data, stored encrypted on the order only).
        data: { order: { ...order, address: undefined }, from: null },
        audience_user_ids: [customer.user.id],
        to_online_partners: true,
      },
    ]);

    // A later price or name change does not touch the placed order.
    await admin.client.patch(`/api/v1/products/${milk.id}`, { name: 'Milk (new)', priceCents: 999 });
    expect((await customer.client.get(`/api/v1/orders/${order.id}`)).body.order.items[0]).toMatchObject({
      name: 'Milk',
      priceCents: 129,
    });
  });

  it('marks a prepaid order paid', async () => {
    const product = await createProduct(admin.client);
    const order = await placeOrder(customer.client, [{ productId: product.id, quantity: 1 }], {
      paymentMethod: 'prepaid',
    });
    expect(order.payment).toEqual({ method: 'prepaid', status: 'paid' });
  });

  it('refuses client-sent prices, totals and unknown fields with 400, taking nothing', async () => {
    const product = await createProduct(admin.client, { stock: 5 });
    const line = { productId: product.id, quantity: 1 };
    const bodies = [
      { items: [{ ...line, priceCents: 1 }], address: 'x' },
      { items: [line], address: 'x', totalCents: 1 },
      { items: [line], address: 'x', status: 'delivered' },
      { items: [], address: 'x' },
      { items: [line], address: '   ' },
      { items: [{ ...line, quantity: 0 }], address: 'x' },
      { items: [{ ...line, quantity: 1.5 }], address: 'x' },
      { items: [line, line], address: 'x' },
      { items: [{ productId: 'nope', quantity: 1 }], address: 'x' },
      { items: [line], address: 'x', paymentMethod: 'bitcoin' },
    ];
    for (const body of bodies) {
      const res = await customer.client.post('/api/v1/orders', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await customer.client.post('/api/v1/orders', undefined, { rawBody: '{"items":' })).status).toBe(400);
    const badKey = await customer.client.post(
      '/api/v1/orders',
      { items: [line], address: 'x' },
      {
        headers: { 'idempotency-key': 'x'.repeat(256) },
      },
    );
    expect(badKey.status).toBe(400);
    expect(await stockOf(node, product.id)).toBe(5);
  });

  it('lets only customers place orders', async () => {
    const product = await createProduct(admin.client);
    const body = { items: [{ productId: product.id, quantity: 1 }], address: 'x' };
    const partner = await node.createUser('partner');
    expect((await partner.client.post('/api/v1/orders', body)).status).toBe(403);
    expect((await admin.client.post('/api/v1/orders', body)).status).toBe(403);
    expect((await node.client().post('/api/v1/orders', body)).status).toBe(401);
  });

  it('answers 409 insufficient_stock naming every short line, and takes nothing', async () => {
    const plenty = await createProduct(admin.client, { stock: 10 });
    const scarce = await createProduct(admin.client, { stock: 2 });
    const retired = await createProduct(admin.client, { stock: 10, active: false });
    const unknown = crypto.randomUUID();
    const res = await customer.client.post('/api/v1/orders', {
      items: [
        { productId: plenty.id, quantity: 4 },
        { productId: scarce.id, quantity: 3 },
        { productId: retired.id, quantity: 1 },
        { productId: unknown, quantity: 1 },
      ],
      address: 'x',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('insufficient_stock');
    expect(res.body.error.details.lines).toEqual([
      { index: 1, productId: scarce.id, requested: 3, available: 2, reason: 'insufficient_stock' },
      { index: 2, productId: retired.id, requested: 1, available: 0, reason: 'inactive' },
      { index: 3, productId: unknown, requested: 1, available: 0, reason: 'not_found' },
    ]);
    expect(await stockOf(node, plenty.id)).toBe(10);
    expect(await stockOf(node, scarce.id)).toBe(2);
    const { rows } = await node.db.pool.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [
      customer.user.id,
    ]);
    const before = rows[0].n;
    expect(
      (await customer.client.post('/api/v1/orders', { items: [{ productId: plenty.id, quantity: 11 }], address: 'x' }))
        .status,
    ).toBe(409);
    const after = await node.db.pool.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [
      customer.user.id,
    ]);
    expect(after.rows[0].n).toBe(before);
  });
});

describe('placing orders concurrently', () => {
  it('sells exactly the 50 units of 200 concurrent one-unit orders', async () => {
    const product = await createProduct(admin.client, { stock: 50, priceCents: 100 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => node.createUser('customer')));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        buyers[i % buyers.length]!.client.post('/api/v1/orders', {
          items: [{ productId: product.id, quantity: 1 }],
          address: `Door ${i}`,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.error.code).toBe('insufficient_stock');
    }
    expect(await stockOf(node, product.id)).toBe(0);
    const { rows } = await node.db.pool.query(
      `SELECT count(DISTINCT order_id)::int AS orders, COALESCE(sum(quantity), 0)::int AS sold
       FROM order_items WHERE product_id = $1`,
      [product.id],
    );
    expect(rows[0]).toEqual({ orders: 50, sold: 50 });
  });

  it('never oversells or deadlocks with multi-line orders over overlapping products in random order', async () => {
    const products = await Promise.all(Array.from({ length: 5 }, () => createProduct(admin.client, { stock: 30 })));
    const buyers = await Promise.all(Array.from({ length: 10 }, () => node.createUser('customer')));
    const requests = Array.from({ length: 120 }, (_, i) => {
      const lines = shuffle(products)
        .slice(0, 2 + (i % 3))
        .map((p) => ({ productId: p.id, quantity: 1 + Math.floor(Math.random() * 3) }));
      return buyers[i % buyers.length]!.client.post('/api/v1/orders', { items: lines, address: 'x' });
    });
    const results = await Promise.all(requests);
    // Every answer is a sale or a clean refusal: no deadlock or serialization error surfaces as a 500.
    for (const r of results) {
      expect([201, 409], JSON.stringify(r.body)).toContain(r.status);
      if (r.status === 409) expect(r.body.error.code).toBe('insufficient_stock');
    }
    expect(results.some((r) => r.status === 201)).toBe(true);
    expect(results.some((r) => r.status === 409)).toBe(true);

    for (const product of products) {
      const { rows } = await node.db.pool.query(
        `SELECT (SELECT COALESCE(sum(ss.stock), 0) FROM store_stock ss WHERE ss.product_id = p.id)::int AS stock, COALESCE((SELECT sum(quantity) FROM order_items WHERE product_id = p.id), 0)::int AS sold
         FROM products p WHERE p.id = $1`,
        [product.id],
      );
      expect(rows[0].stock).toBeGreaterThanOrEqual(0);
      expect(rows[0].stock + rows[0].sold).toBe(30);
    }
    // What the answers said matches what the database holds.
    const sold = results
      .filter((r) => r.status === 201)
      .flatMap((r) => r.body.order.items as { quantity: number }[])
      .reduce((sum, item) => sum + item.quantity, 0);
    const { rows } = await node.db.pool.query(
      'SELECT COALESCE(sum(quantity), 0)::int AS sold FROM order_items WHERE product_id = ANY($1::uuid[])',
      [products.map((p) => p.id)],
    );
    expect(rows[0].sold).toBe(sold);
  });
});
