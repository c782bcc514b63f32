import { describe, expect, it } from 'vitest';
import { withTestServices } from '../../test/support/test-services.js';
import { createProduct } from '../catalog/create-product.js';
import { acceptOrder } from './accept-order.js';
import { cancelOrder } from './cancel-order.js';
import { getOrder } from './get-order.js';
import { placeOrder } from './place-order.js';
import { rejectOrder } from './reject-order.js';
import { setOrderStatus } from './set-order-status.js';

/** The order use cases called directly (no HTTP, no sockets) against a migrated database. */
const { services, admin, customer, partners } = withTestServices({ admins: 1, customers: 1, partners: 2 });

let requests = 0;
const correlationId = () => `service-test-${++requests}`;
const newProduct = (stock: number) =>
  createProduct(services, {
    actor: admin,
    product: { name: `Product ${requests}`, description: '', priceCents: 250, stock },
    correlationId: correlationId(),
  });
const place = async (productId: string, quantity = 1, extra: { idempotencyKey?: string } = {}) =>
  placeOrder(services, {
    customer,
    items: [{ productId, quantity }],
    address: '1 Service Street',
    paymentMethod: 'cash_on_delivery',
    correlationId: correlationId(),
    ...extra,
  });
const stockOf = async (productId: string) =>
  (await services.pool.query('SELECT sum(stock)::int AS stock FROM store_stock WHERE product_id = $1', [productId]))
    .rows[0].stock;
const eventsOf = async (orderId: string) =>
  (await services.pool.query('SELECT type FROM events WHERE order_id = $1 ORDER BY id', [orderId])).rows.map(
    (row) => row.type,
  );

describe('placeOrder', () => {
  it('returns the placed order: priced from the catalog, stock taken, order.placed logged', async () => {
    const product = await newProduct(5);
    const { value: order, replayed } = await place(product.id, 2);
    expect(replayed).toBe(false);
    expect(order).toMatchObject({
      customerId: customer.id,
      status: 'placed',
      totalCents: 500,
      items: [{ productId: product.id, name: product.name, priceCents: 250, quantity: 2 }],
    });
    expect(await stockOf(product.id)).toBe(3);
    expect(await eventsOf(order.id)).toEqual(['order.placed']);
  });

  it('refuses a short line with insufficient_stock and takes nothing', async () => {
    const product = await newProduct(1);
    await expect(place(product.id, 2)).rejects.toMatchObject({
      code: 'insufficient_stock',
      details: { lines: [{ index: 0, requested: 2, available: 1 }] },
    });
    expect(await stockOf(product.id)).toBe(1);
  });

  it('under a key, places once and gives the same order to a retry', async () => {
    const product = await newProduct(5);
    const first = await place(product.id, 1, { idempotencyKey: 'service-place' });
    const retry = await place(product.id, 1, { idempotencyKey: 'service-place' });
    expect(retry).toEqual({ value: first.value, replayed: true });
    expect(await stockOf(product.id)).toBe(4);
  });
});

describe('moving an order', () => {
  const [first, second] = partners;
  const move = (
    orderId: string,
    status: 'preparing' | 'picked_up' | 'on_the_way' | 'delivered',
    handoverCode?: string,
  ) => setOrderStatus(services, { orderId, status, handoverCode, caller: first!, correlationId: correlationId() });

  it('accept: of two partners racing for one order, exactly one wins; the other gets already_assigned', async () => {
    const { value: order } = await place((await newProduct(5)).id);
    const results = await Promise.allSettled(
      [first!, second!].map((partner) =>
        acceptOrder(services, { orderId: order.id, partner, correlationId: correlationId() }),
      ),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((result) => (result as PromiseRejectedResult).reason.code)).toEqual(['already_assigned']);
    expect(await eventsOf(order.id)).toEqual(['order.placed', 'order.accepted']);
  });

  it('move: the holder steps it to delivered, and a cash order is paid then', async () => {
    const { value: order } = await place((await newProduct(5)).id);
    await acceptOrder(services, { orderId: order.id, partner: first!, correlationId: correlationId() });
    const steps = ['preparing', 'picked_up', 'on_the_way'] as const;
    for (const status of steps) await move(order.id, status);
    // The code the customer's own view shows; without it the partner cannot deliver.
    await expect(move(order.id, 'delivered')).rejects.toMatchObject({ code: 'handover_code_required' });
    const { handoverCode } = await getOrder(services, { orderId: order.id, caller: customer });
    const { value: delivered } = await move(order.id, 'delivered', handoverCode!);
    expect(delivered).toMatchObject({ status: 'delivered', partnerId: first!.id, payment: { status: 'paid' } });
    const timeline = delivered.timeline.map((entry) => entry.status);
    expect(timeline).toEqual(['placed', 'accepted', ...steps, 'delivered']);
    await expect(move(order.id, 'preparing')).rejects.toMatchObject({
      code: 'invalid_transition',
      details: { status: 'delivered', requested: 'preparing', allowed: [] },
    });
  });

  it('reject: the holder gives it back, and it is no longer theirs to see', async () => {
    const { value: order } = await place((await newProduct(5)).id);
    await acceptOrder(services, { orderId: order.id, partner: first!, correlationId: correlationId() });
    const { value: released } = await rejectOrder(services, {
      orderId: order.id,
      partner: first!,
      correlationId: correlationId(),
    });
    expect(released).toMatchObject({ status: 'placed', partnerId: null });
    await expect(
      acceptOrder(services, { orderId: order.id, partner: first!, correlationId: correlationId() }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('cancel: the customer cancels before preparation and the stock comes back', async () => {
    const product = await newProduct(5);
    const { value: order } = await place(product.id, 3);
    expect(await stockOf(product.id)).toBe(2);
    const { value: cancelled } = await cancelOrder(services, {
      orderId: order.id,
      caller: customer,
      correlationId: correlationId(),
    });
    expect(cancelled.status).toBe('cancelled');
    expect(await stockOf(product.id)).toBe(5);
    await expect(
      cancelOrder(services, { orderId: order.id, caller: customer, correlationId: correlationId() }),
    ).rejects.toMatchObject({ code: 'invalid_transition' });
    expect(await stockOf(product.id)).toBe(5);
  });
});
