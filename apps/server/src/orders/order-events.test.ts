import type { SwyftEvent } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct, moveOrder, placeOrder } from './testing/order-factories.js';

const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });

const newOrder = async () => {
  const product = await createProduct(admin.client, { stock: 10 });
  return { order: await placeOrder(customer.client, [{ productId: product.id, quantity: 1 }]) };
};

describe('GET /orders/:id/events', () => {
  it('shows the order’s dispatched events oldest first, each viewer only what they may see', async () => {
    const [holder, other] = await Promise.all([node.createUser('partner'), node.createUser('partner')]);
    const { order } = await newOrder();
    await moveOrder(holder.client, order.id, 'accept');
    await moveOrder(holder.client, order.id, 'reject');
    await moveOrder(other.client, order.id, 'accept');
    await moveOrder(other.client, order.id, 'status', { status: 'preparing' });

    // The events get their public seq from the dispatcher after commit: wait until all five are stamped.
    const deadline = Date.now() + 10_000;
    let seen: SwyftEvent[] = [];
    while (Date.now() < deadline) {
      seen = (await customer.client.get(`/api/v1/orders/${order.id}/events`)).body.items;
      if (seen.length === 5) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen.map((e) => e.type)).toEqual([
      'order.placed',
      'order.accepted',
      'order.released',
      'order.accepted',
      'order.status_changed',
    ]);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const { data } = seen[4]!;
    // The order as GET shows it, but for the customer's handover code, which no event carries.
    const shown = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order;
    expect('order' in data && data.order).toEqual({ ...shown, handoverCode: undefined });
    expect(data).not.toHaveProperty('order.handoverCode');
    expect(seen[0]).toMatchObject({ orderId: order.id, actor: { id: customer.user.id, role: 'customer' } });

    // The current partner sees the offers and its own moves, not the first partner's accept.
    const forOther = (await other.client.get(`/api/v1/orders/${order.id}/events`)).body.items as SwyftEvent[];
    expect(forOther.map((e) => e.type)).toEqual([
      'order.placed',
      'order.released',
      'order.accepted',
      'order.status_changed',
    ]);
    const forAdmin = await admin.client.get(`/api/v1/orders/${order.id}/events?limit=2`);
    expect(forAdmin.body.items).toHaveLength(2);
    const rest = await admin.client.get(
      `/api/v1/orders/${order.id}/events?limit=10&cursor=${forAdmin.body.nextCursor}`,
    );
    expect([...forAdmin.body.items, ...rest.body.items].map((e: SwyftEvent) => e.seq)).toEqual(seqs);
  });
});
