import type { Order } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { defaultStore } from '../stores/testing/store-factories.js';
import { createProduct, moveOrder } from './testing/order-factories.js';

const { node, admin, customers, partners } = withTestNode({ admins: 1, customers: 2, partners: 1 });
const [customer, stranger] = customers;
const [partner] = partners;

async function setFees(fees: {
  deliveryFeeCents?: number;
  freeDeliveryFromCents?: number | null;
  minOrderCents?: number;
}) {
  const store = await defaultStore(admin.client);
  const res = await admin.client.patch(`/api/v1/stores/${store.id}`, fees);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.store;
}

async function order(quantity: number, extra: Record<string, unknown> = {}) {
  const product = await createProduct(admin.client, { priceCents: 250, stock: 100 });
  return customer!.client.post('/api/v1/orders', {
    items: [{ productId: product.id, quantity }],
    address: '1 Test Street',
    ...extra,
  });
}

async function deliver(orderId: string): Promise<Order> {
  await moveOrder(partner!.client, orderId, 'accept');
  for (const status of ['preparing', 'picked_up', 'on_the_way', 'delivered']) {
    await moveOrder(admin.client, orderId, 'status', { status });
  }
  return (await customer!.client.get(`/api/v1/orders/${orderId}`)).body.order;
}

describe('delivery fee, free delivery, minimum order and tip', () => {
  it('keeps the first wave totals with the defaults', async () => {
    const store = await defaultStore(admin.client);
    expect(store).toMatchObject({ deliveryFeeCents: 0, freeDeliveryFromCents: null, minOrderCents: 0 });
    const res = await order(2);
    expect(res.status).toBe(201);
    expect(res.body.order).toMatchObject({
      itemsCents: 500,
      deliveryFeeCents: 0,
      tipCents: 0,
      totalCents: 500,
      rating: null,
    });
  });

  it('adds the fee below the threshold, none from it, and the tip; the quote names them', async () => {
    const store = await setFees({ deliveryFeeCents: 199, freeDeliveryFromCents: 1000, minOrderCents: 0 });
    expect(store).toMatchObject({ deliveryFeeCents: 199, freeDeliveryFromCents: 1000 });
    const quote = await customer!.client.get(
      `/api/v1/delivery-quote?lat=${store.location.lat}&lng=${store.location.lng}`,
    );
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ deliveryFeeCents: 199, freeDeliveryFromCents: 1000, minOrderCents: 0 });

    const small = await order(3, { tipCents: 150 });
    expect(small.status, JSON.stringify(small.body)).toBe(201);
    expect(small.body.order).toMatchObject({ itemsCents: 750, deliveryFeeCents: 199, tipCents: 150, totalCents: 1099 });
    const atThreshold = await order(4);
    expect(atThreshold.body.order).toMatchObject({ itemsCents: 1000, deliveryFeeCents: 0, totalCents: 1000 });

    // What was charged stays with the order when the store's fees change later.
    await setFees({ deliveryFeeCents: 500, freeDeliveryFromCents: null });
    const again = await customer!.client.get(`/api/v1/orders/${small.body.order.id}`);
    expect(again.body.order).toMatchObject({ deliveryFeeCents: 199, totalCents: 1099 });
    const never = await order(10);
    expect(never.body.order).toMatchObject({ itemsCents: 2500, deliveryFeeCents: 500, totalCents: 3000 });
    await setFees({ deliveryFeeCents: 0 });
  });

  it('refuses items below the minimum with 422 below_minimum_order, taking no stock', async () => {
    await setFees({ minOrderCents: 1000 });
    const product = await createProduct(admin.client, { priceCents: 250, stock: 10 });
    const res = await customer!.client.post('/api/v1/orders', {
      items: [{ productId: product.id, quantity: 3 }],
      address: '1 Test Street',
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'below_minimum_order',
      details: { minOrderCents: 1000, itemsCents: 750 },
    });
    expect((await node.client().get(`/api/v1/products/${product.id}`)).body.product.stock).toBe(10);
    // A tip does not count towards the minimum; the items reaching it do.
    expect((await order(3, { tipCents: 1000 })).status).toBe(422);
    expect((await order(4)).status).toBe(201);
    await setFees({ minOrderCents: 0 });
  });

  it('validates the tip and the store fees', async () => {
    for (const tipCents of [-1, 10_001, 1.5, '100']) {
      const res = await order(1, { tipCents });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0].path).toBe('body.tipCents');
    }
    expect((await order(1, { tipCents: 10_000 })).status).toBe(201);
    const store = await defaultStore(admin.client);
    for (const bad of [
      { deliveryFeeCents: -1 },
      { deliveryFeeCents: 100_001 },
      { minOrderCents: 1.5 },
      { freeDeliveryFromCents: -5 },
    ]) {
      expect((await admin.client.patch(`/api/v1/stores/${store.id}`, bad)).status).toBe(400);
    }
    const created = await admin.client.post('/api/v1/stores', {
      name: 'Fees store',
      address: '2 Fee Street',
      location: { lat: 10, lng: 10 },
      deliveryArea: null,
      deliveryFeeCents: 299,
      freeDeliveryFromCents: 2500,
      minOrderCents: 800,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.store).toMatchObject({
      deliveryFeeCents: 299,
      freeDeliveryFromCents: 2500,
      minOrderCents: 800,
    });
    const cleared = await admin.client.patch(`/api/v1/stores/${created.body.store.id}`, {
      freeDeliveryFromCents: null,
    });
    expect(cleared.body.store.freeDeliveryFromCents).toBeNull();
    await admin.client.patch(`/api/v1/stores/${created.body.store.id}`, { active: false });
  });
});

describe('ratings', () => {
  it('lets the customer rate a delivered order once; the comment is encrypted at rest', async () => {
    const placed = (await order(1)).body.order as Order;
    const early = await customer!.client.post(`/api/v1/orders/${placed.id}/rating`, { stars: 5 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_delivered');

    await deliver(placed.id);
    const comment = 'Friendly rider, bread still warm';
    expect((await stranger!.client.post(`/api/v1/orders/${placed.id}/rating`, { stars: 1 })).status).toBe(404);
    expect((await partner!.client.post(`/api/v1/orders/${placed.id}/rating`, { stars: 1 })).status).toBe(403);
    const rated = await customer!.client.post(`/api/v1/orders/${placed.id}/rating`, { stars: 4, comment });
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    expect(rated.body.order.rating).toEqual({ stars: 4, comment });

    const again = await customer!.client.post(`/api/v1/orders/${placed.id}/rating`, { stars: 5 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_rated');

    expect((await customer!.client.get(`/api/v1/orders/${placed.id}`)).body.order.rating).toEqual({
      stars: 4,
      comment,
    });
    const mine = await customer!.client.get('/api/v1/orders/my?limit=100');
    expect(mine.body.items.find((o: Order) => o.id === placed.id).rating).toEqual({ stars: 4, comment });
    const asAdmin = await admin.client.get(`/api/v1/admin/orders?customerId=${customer!.user.id}&limit=100`);
    expect(asAdmin.body.items.find((o: Order) => o.id === placed.id).rating).toEqual({ stars: 4, comment });

    const { rows } = await node.db.pool.query('SELECT stars, comment FROM order_ratings WHERE order_id = $1', [
      placed.id,
    ]);
    expect(rows[0].stars).toBe(4);
    expect(rows[0].comment).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(rows[0].comment).not.toContain('bread');
  });

  it('validates stars and comment', async () => {
    const placed = (await order(1)).body.order as Order;
    await deliver(placed.id);
    for (const body of [
      {},
      { stars: 0 },
      { stars: 6 },
      { stars: 4.5 },
      { stars: 3, comment: 'x'.repeat(1001) },
      { stars: 3, extra: 1 },
    ]) {
      expect((await customer!.client.post(`/api/v1/orders/${placed.id}/rating`, body)).status).toBe(400);
    }
    const noComment = await customer!.client.post(`/api/v1/orders/${placed.id}/rating`, { stars: 2 });
    expect(noComment.body.order.rating).toEqual({ stars: 2, comment: null });
    expect((await customer!.client.post(`/api/v1/orders/${crypto.randomUUID()}/rating`, { stars: 2 })).status).toBe(
      404,
    );
  });

  it("shows admins a partner's average and count", async () => {
    const res = await admin.client.get('/api/v1/admin/users?role=partner&limit=100');
    expect(res.status).toBe(200);
    const me = res.body.items.find((u: { id: string }) => u.id === partner!.user.id);
    expect(me.rating).toEqual({ average: 3, count: 2 });
    const newcomer = await node.createUser('partner');
    const again = await admin.client.get('/api/v1/admin/users?role=partner&limit=100');
    expect(again.body.items.find((u: { id: string }) => u.id === newcomer.user.id).rating).toEqual({
      average: null,
      count: 0,
    });
    const customersPage = await admin.client.get('/api/v1/admin/users?role=customer&limit=100');
    expect(customersPage.body.items[0].rating).toBeUndefined();
  });
});
