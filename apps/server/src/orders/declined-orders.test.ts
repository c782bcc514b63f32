import type { Order } from '@swyft/contract';
import { beforeAll, expect, it } from 'vitest';
import type { TestClient } from '../../test/support/test-client.js';
import { type TestUser, withTestNode } from '../../test/support/test-node.js';
import { createProduct, moveOrder, partnerStepBody, placeOrder } from './testing/order-factories.js';

/**
 * A partner who declined an offer or gave an order back has turned it down for good (API.md: "it is not
 * offered to that partner again"): for them it no longer exists, on every route alike.
 */

const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });
let productId: string;

beforeAll(async () => {
  productId = (await createProduct(admin.client, { stock: 1000 })).id;
});

const newOffer = () => placeOrder(customer.client, [{ productId, quantity: 1 }]);
const unassignedIds = async (client: TestClient) =>
  ((await client.get('/api/v1/orders/unassigned?limit=100')).body.items as Order[]).map((o) => o.id);

/** Every order route as a partner who does not see the order answers it: 404, nothing changed. */
async function expectGoneFor(partner: TestUser, orderId: string) {
  const before = (await admin.client.get(`/api/v1/orders/${orderId}`)).body.order;
  expect(await unassignedIds(partner.client)).not.toContain(orderId);
  for (const [route, call] of [
    ['GET', () => partner.client.get(`/api/v1/orders/${orderId}`)],
    ['GET events', () => partner.client.get(`/api/v1/orders/${orderId}/events`)],
    ['accept', () => partner.client.patch(`/api/v1/orders/${orderId}/accept`)],
    ['status accepted', () => partner.client.patch(`/api/v1/orders/${orderId}/status`, { status: 'accepted' })],
    ['reject', () => partner.client.patch(`/api/v1/orders/${orderId}/reject`)],
  ] as const) {
    const res = await call();
    expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  }
  expect((await admin.client.get(`/api/v1/orders/${orderId}`)).body.order).toEqual(before);
}

it('refuses an offer to the partner who declined it, on every route, while others still take it', async () => {
  const [decliner, other] = await Promise.all([node.createUser('partner'), node.createUser('partner')]);
  const offer = await newOffer();
  expect(await moveOrder(decliner.client, offer.id, 'reject')).toEqual(offer);
  await expectGoneFor(decliner, offer.id);

  expect((await other.client.get(`/api/v1/orders/${offer.id}`)).status).toBe(200);
  expect(await unassignedIds(other.client)).toContain(offer.id);
  expect((await moveOrder(other.client, offer.id, 'accept')).partnerId).toBe(other.user.id);
  // Held by someone else now: still a 404 for the decliner, not the race's 409 already_assigned.
  await expectGoneFor(decliner, offer.id);
});

it('refuses an order to the partner who gave it back, also once another partner holds it', async () => {
  const [giver, other] = await Promise.all([node.createUser('partner'), node.createUser('partner')]);
  const order = await newOffer();
  await moveOrder(giver.client, order.id, 'accept');
  await moveOrder(giver.client, order.id, 'reject');
  await expectGoneFor(giver, order.id);
  await moveOrder(other.client, order.id, 'accept');
  await expectGoneFor(giver, order.id);
});

it('offers an order again to a partner an admin took it from (not a decline)', async () => {
  const partner = await node.createUser('partner');
  const order = await newOffer();
  await moveOrder(partner.client, order.id, 'accept');
  await moveOrder(admin.client, order.id, 'status', { status: 'placed' });
  expect((await partner.client.get(`/api/v1/orders/${order.id}`)).status).toBe(200);
  expect(await unassignedIds(partner.client)).toContain(order.id);
  expect((await moveOrder(partner.client, order.id, 'accept')).partnerId).toBe(partner.user.id);
});

it('agrees on every route about which partner sees which order, in every state', async () => {
  const [holder, decliner, giver, stranger] = await Promise.all([
    node.createUser('partner'),
    node.createUser('partner'),
    node.createUser('partner'),
    node.createUser('partner'),
  ]);
  const open = await newOffer();
  await moveOrder(decliner.client, open.id, 'reject');
  const released = await newOffer();
  await moveOrder(giver.client, released.id, 'accept');
  await moveOrder(giver.client, released.id, 'reject');
  await moveOrder(decliner.client, released.id, 'reject');
  const orders: Order[] = [open, released];
  for (const steps of [[], ['preparing'], ['picked_up', 'on_the_way', 'delivered']]) {
    const order = await newOffer();
    await moveOrder(decliner.client, order.id, 'reject');
    await moveOrder(holder.client, order.id, 'accept');
    for (const status of steps) {
      await moveOrder(holder.client, order.id, 'status', await partnerStepBody(customer.client, order.id, status));
    }
    orders.push(order);
  }
  const cancelled = await newOffer();
  await moveOrder(decliner.client, cancelled.id, 'reject');
  await moveOrder(customer.client, cancelled.id, 'cancel');
  orders.push(cancelled);

  for (const partner of [holder, decliner, giver, stranger]) {
    const listed = await unassignedIds(partner.client);
    for (const { id } of orders) {
      const current = (await admin.client.get(`/api/v1/orders/${id}`)).body.order as Order;
      const shown = (await partner.client.get(`/api/v1/orders/${id}`)).status;
      const events = (await partner.client.get(`/api/v1/orders/${id}/events`)).status;
      const who = `partner ${[holder, decliner, giver, stranger].indexOf(partner)}, order ${current.status}`;
      expect(events, who).toBe(shown);
      // Listed as an offer exactly when shown and nobody holds it.
      expect(listed.includes(id), who).toBe(shown === 200 && current.status === 'placed');
      if (current.status !== 'placed' || shown !== 200) continue;
      // An offer that is shown may be taken: an admin gives it back at once, so the next partner may try.
      expect((await partner.client.patch(`/api/v1/orders/${id}/accept`)).status, who).toBe(200);
      await moveOrder(admin.client, id, 'status', { status: 'placed' });
    }
  }
  // The decliner turned every one of them down, the giver one; the stranger still sees both offers.
  for (const { id } of orders) expect((await decliner.client.get(`/api/v1/orders/${id}`)).status).toBe(404);
  expect((await giver.client.get(`/api/v1/orders/${released.id}`)).status).toBe(404);
  expect((await stranger.client.get(`/api/v1/orders/${open.id}`)).status).toBe(200);
  expect((await stranger.client.get(`/api/v1/orders/${released.id}`)).status).toBe(200);
});
