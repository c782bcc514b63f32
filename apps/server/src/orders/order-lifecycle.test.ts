import type { Order } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../test/support/test-client.js';
import { withTestNode } from '../../test/support/test-node.js';
import {
  createProduct,
  deliverOrder,
  moveOrder,
  partnerStepBody,
  placeOrder,
  stockOf,
} from './testing/order-factories.js';

const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });

const newOrder = async (options: { stock?: number; quantity?: number; paymentMethod?: 'prepaid' } = {}) => {
  const product = await createProduct(admin.client, { stock: options.stock ?? 10, priceCents: 300 });
  const order = await placeOrder(
    customer.client,
    [{ productId: product.id, quantity: options.quantity ?? 2 }],
    options,
  );
  return { product, order };
};
const idsOf = (res: { body: { items: Order[] } }) => res.body.items.map((o) => o.id);
const allPages = async (client: TestClient, path: string, limit = 2): Promise<Order[]> => {
  const items: Order[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Order[]; nextCursor: string | null } } = await client.get(
      `${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
};
/**
 * The order's rows in the log, each order as its event carries it: the log keeps no copy of the address
 * (personal data, stored encrypted on the order only), which the read path puts back from the order.
 */
const eventsOf = async (orderId: string) => {
  const { rows } = await node.db.pool.query(
    `SELECT e.type, e.actor_id, e.data, e.audience_user_ids, e.to_online_partners, o.address
     FROM events e JOIN orders o ON o.id = e.order_id WHERE e.order_id = $1 ORDER BY e.id`,
    [orderId],
  );
  return rows.map(({ address, ...row }) => {
    expect(row.data.order).not.toHaveProperty('address');
    return {
      ...row,
      data: { ...row.data, order: { ...row.data.order, address: node.node.ctx.encryption.decrypt(address) } },
    };
  });
};

describe('partner flow', () => {
  it('takes an order from offer to delivered; a cash order is paid on delivery', async () => {
    const partner = await node.createUser('partner');
    const { order } = await newOrder();
    expect(idsOf(await partner.client.get('/api/v1/orders/unassigned?limit=100'))).toContain(order.id);

    expect(order.partner).toBeNull();
    const accepted = await moveOrder(partner.client, order.id, 'accept');
    expect(accepted).toMatchObject({ status: 'accepted', partnerId: partner.user.id });
    // The customer sees who is bringing the order.
    expect(accepted.partner).toEqual({ id: partner.user.id, name: partner.user.name });
    expect(idsOf(await partner.client.get('/api/v1/orders/unassigned?limit=100'))).not.toContain(order.id);

    let current = accepted;
    for (const status of ['preparing', 'picked_up', 'on_the_way'] as const) {
      current = await moveOrder(partner.client, order.id, 'status', { status });
      expect(current.payment.status).toBe('pending');
    }
    const delivered = await deliverOrder(partner.client, customer.client, order.id);
    expect(delivered.payment).toEqual({ method: 'cash_on_delivery', status: 'paid' });
    expect(delivered.timeline.map((t) => t.status)).toEqual([
      'placed',
      'accepted',
      'preparing',
      'picked_up',
      'on_the_way',
      'delivered',
    ]);
    expect(delivered.timeline.slice(1).every((t) => t.actorId === partner.user.id && t.actorRole === 'partner')).toBe(
      true,
    );
    const times = delivered.timeline.map((t) => Date.parse(t.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The customer's own view differs only by its handover code, gone (null) once delivered.
    const seen = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order;
    expect(seen.handoverCode).toBeNull();
    expect({ ...seen, handoverCode: undefined }).toEqual(delivered);

    // One event per change, each carrying the order as GET shows it and the status it came from.
    const events = await eventsOf(order.id);
    expect(events.map((e) => [e.type, e.data.from, e.data.order.status])).toEqual([
      ['order.placed', null, 'placed'],
      ['order.accepted', 'placed', 'accepted'],
      ['order.status_changed', 'accepted', 'preparing'],
      ['order.status_changed', 'preparing', 'picked_up'],
      ['order.status_changed', 'picked_up', 'on_the_way'],
      ['order.delivered', 'on_the_way', 'delivered'],
    ]);
    expect(events.at(-1)!.data.order).toEqual(delivered);
    for (const event of events.slice(1)) {
      expect(event.audience_user_ids.sort()).toEqual([customer.user.id, partner.user.id].sort());
      expect(event.to_online_partners).toBe(false);
    }

    // Finished: no more moves, and the refusal names what is allowed (nothing).
    const again = await partner.client.patch(`/api/v1/orders/${order.id}/status`, { status: 'on_the_way' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'invalid_transition',
      details: { status: 'delivered', requested: 'on_the_way', allowed: [] },
    });
  });

  it('refuses skipping steps with the moves that are allowed', async () => {
    const partner = await node.createUser('partner');
    const { order } = await newOrder();
    await moveOrder(partner.client, order.id, 'accept');
    const res = await partner.client.patch(`/api/v1/orders/${order.id}/status`, { status: 'delivered' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({
      status: 'accepted',
      requested: 'delivered',
      allowed: ['placed', 'preparing', 'picked_up'],
    });
    expect((await partner.client.patch(`/api/v1/orders/${order.id}/status`, { status: 'shipped' })).status).toBe(400);
    expect((await partner.client.patch(`/api/v1/orders/${order.id}/status`, {})).status).toBe(400);
  });

  it('lets exactly one of 20 partners accepting at once win', async () => {
    const partners = await Promise.all(Array.from({ length: 20 }, () => node.createUser('partner')));
    const { order } = await newOrder();
    const results = await Promise.all(partners.map((p) => p.client.patch(`/api/v1/orders/${order.id}/accept`)));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 200);
    expect(losers.map((r) => r.body.error.code)).toEqual(Array(19).fill('already_assigned'));
    const winner = partners[results.indexOf(winners[0]!)]!;
    const { rows } = await node.db.pool.query('SELECT partner_id, status FROM orders WHERE id = $1', [order.id]);
    expect(rows[0]).toEqual({ partner_id: winner.user.id, status: 'accepted' });
    expect((await eventsOf(order.id)).filter((e) => e.type === 'order.accepted')).toHaveLength(1);
  });

  it('declines an open offer for that partner only, with no event', async () => {
    const [first, second] = await Promise.all([node.createUser('partner'), node.createUser('partner')]);
    const { order } = await newOrder();
    const declined = await moveOrder(first.client, order.id, 'reject');
    expect(declined).toEqual(order);
    expect(idsOf(await first.client.get('/api/v1/orders/unassigned?limit=100'))).not.toContain(order.id);
    expect(idsOf(await second.client.get('/api/v1/orders/unassigned?limit=100'))).toContain(order.id);
    expect((await eventsOf(order.id)).map((e) => e.type)).toEqual(['order.placed']);
  });

  it('gives an accepted order back: offered again to others, not to the partner who released it', async () => {
    const [holder, other] = await Promise.all([node.createUser('partner'), node.createUser('partner')]);
    const { order } = await newOrder();
    await moveOrder(holder.client, order.id, 'accept');
    const released = await moveOrder(holder.client, order.id, 'reject');
    expect(released).toMatchObject({ status: 'placed', partnerId: null });
    expect(released.timeline.map((t) => t.status)).toEqual(['placed', 'accepted', 'placed']);
    expect(idsOf(await holder.client.get('/api/v1/orders/unassigned?limit=100'))).not.toContain(order.id);
    expect(idsOf(await other.client.get('/api/v1/orders/unassigned?limit=100'))).toContain(order.id);

    const event = (await eventsOf(order.id)).at(-1)!;
    expect(event.type).toBe('order.released');
    expect(event.data).toEqual({ order: released, from: 'accepted' });
    expect(event.audience_user_ids.sort()).toEqual([customer.user.id, holder.user.id].sort());
    expect(event.to_online_partners).toBe(true);

    // The other partner may take it now.
    expect((await moveOrder(other.client, order.id, 'accept')).partnerId).toBe(other.user.id);
  });

  it('lists open offers oldest first and a partner’s orders active first, each page by page', async () => {
    const partner = await node.createUser('partner');
    const placed: Order[] = [];
    for (let i = 0; i < 5; i++) placed.push((await newOrder()).order);
    const offers = (await allPages(partner.client, '/api/v1/orders/unassigned')).map((o) => o.id);
    const mine = placed.map((o) => o.id);
    expect(offers.filter((id) => mine.includes(id))).toEqual(mine);
    const times = (await allPages(partner.client, '/api/v1/orders/unassigned')).map((o) => Date.parse(o.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Hold all five; finish two (one delivered, one cancelled by its customer) and keep three active.
    for (const order of placed) await moveOrder(partner.client, order.id, 'accept');
    for (const status of ['picked_up', 'on_the_way', 'delivered']) {
      await moveOrder(
        partner.client,
        placed[0]!.id,
        'status',
        await partnerStepBody(customer.client, placed[0]!.id, status),
      );
    }
    await moveOrder(customer.client, placed[3]!.id, 'cancel');
    const assigned = await allPages(partner.client, '/api/v1/orders/assigned');
    expect(assigned.map((o) => o.id)).toEqual(
      [placed[4], placed[2], placed[1], placed[3], placed[0]].map((o) => o!.id),
    );
    expect(assigned.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted', 'cancelled', 'delivered']);
  });
});

describe('customer flow', () => {
  it('lists my orders newest first, page by page, and only mine', async () => {
    const shopper = await node.createUser('customer');
    const product = await createProduct(admin.client, { stock: 100 });
    const placed: string[] = [];
    for (let i = 0; i < 5; i++)
      placed.push((await placeOrder(shopper.client, [{ productId: product.id, quantity: 1 }])).id);
    await placeOrder(customer.client, [{ productId: product.id, quantity: 1 }]);
    const mine = await allPages(shopper.client, '/api/v1/orders/my');
    expect(mine.map((o) => o.id)).toEqual([...placed].reverse());
    expect((await shopper.client.get('/api/v1/orders/my?limit=500')).body.items).toHaveLength(5);
    expect((await shopper.client.get('/api/v1/orders/my?limit=0')).status).toBe(400);
  });

  it('cancels a placed or accepted order, returning the stock in the same transaction', async () => {
    const { product, order } = await newOrder({ stock: 10, quantity: 4 });
    expect(await stockOf(node, product.id)).toBe(6);
    const cancelled = await moveOrder(customer.client, order.id, 'cancel');
    expect(cancelled.status).toBe('cancelled');
    expect(await stockOf(node, product.id)).toBe(10);

    const partner = await node.createUser('partner');
    const second = await newOrder({ stock: 5, quantity: 5, paymentMethod: 'prepaid' });
    await moveOrder(partner.client, second.order.id, 'accept');
    const cancelledAccepted = await moveOrder(customer.client, second.order.id, 'cancel');
    expect(cancelledAccepted).toMatchObject({
      status: 'cancelled',
      partnerId: partner.user.id,
      payment: { method: 'prepaid', status: 'refunded' },
    });
    expect(await stockOf(node, second.product.id)).toBe(5);
    const event = (await eventsOf(second.order.id)).at(-1)!;
    expect(event).toMatchObject({ type: 'order.cancelled', data: { from: 'accepted', order: cancelledAccepted } });
    expect(event.audience_user_ids.sort()).toEqual([customer.user.id, partner.user.id].sort());

    // Twice is once too many.
    const again = await customer.client.patch(`/api/v1/orders/${order.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
    expect(await stockOf(node, product.id)).toBe(10);
  });

  it('cannot cancel once the order is being prepared', async () => {
    const partner = await node.createUser('partner');
    const { product, order } = await newOrder({ stock: 3, quantity: 3 });
    await moveOrder(partner.client, order.id, 'accept');
    await moveOrder(partner.client, order.id, 'status', { status: 'preparing' });
    const res = await customer.client.patch(`/api/v1/orders/${order.id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ status: 'preparing', requested: 'cancelled', allowed: [] });
    expect(await stockOf(node, product.id)).toBe(0);
  });
});

describe('admin override', () => {
  it('moves any order along, gives it back without a decline, and cancels an unfinished one', async () => {
    const partner = await node.createUser('partner');
    const { product, order } = await newOrder({ stock: 4, quantity: 4 });
    await moveOrder(partner.client, order.id, 'accept');
    const released = await moveOrder(admin.client, order.id, 'status', { status: 'placed' });
    expect(released).toMatchObject({ status: 'placed', partnerId: null });
    expect(released.timeline.at(-1)).toMatchObject({ actorId: admin.user.id, actorRole: 'admin' });
    // Taken away by an admin, not declined: the partner is offered it again.
    expect(idsOf(await partner.client.get('/api/v1/orders/unassigned?limit=100'))).toContain(order.id);

    await moveOrder(partner.client, order.id, 'accept');
    await moveOrder(admin.client, order.id, 'status', { status: 'picked_up' });
    await moveOrder(admin.client, order.id, 'status', { status: 'on_the_way' });
    const cancelled = await moveOrder(admin.client, order.id, 'cancel');
    expect(cancelled.status).toBe('cancelled');
    expect(await stockOf(node, product.id)).toBe(4);

    // An admin cannot take an offer for themself.
    const { order: offer } = await newOrder();
    expect((await admin.client.patch(`/api/v1/orders/${offer.id}/accept`)).status).toBe(403);
    const viaStatus = await admin.client.patch(`/api/v1/orders/${offer.id}/status`, { status: 'accepted' });
    expect(viaStatus.status).toBe(409);
    expect(viaStatus.body.error.details.allowed).toEqual(['cancelled']);
  });
});
