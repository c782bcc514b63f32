import { dispatchEventTypes, eventTypes, type Order, type RealtimeEvent } from '@swyft/contract';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestNode, type TestNode, type TestUser } from '../../test/support/test-node.js';
import { createProduct, moveOrder, partnerStepBody, placeOrder } from '../orders/testing/order-factories.js';
import { recordNodeLifecycle } from '../platform/node-lifecycle.js';
import { createStore } from '../stores/testing/store-factories.js';
import { connectListener, type Listener, waitUntil } from './testing/socket-clients.js';

/**
 * A resume (`auth.lastSeq`) applies today's visibility, not the one at the time of each event: a connection
 * gets the events of the orders its user may GET now (for an open offer, its offers only, while online),
 * never an order it may not see, whatever the event type.
 */

let node: TestNode;
let admin: TestUser;
beforeAll(async () => {
  node = await startTestNode();
  admin = await node.createUser('admin');
});
afterAll(() => node?.close());

/** The whole log, once this node has delivered all of it (so a resume reads it from the log). */
async function settledLog(): Promise<RealtimeEvent[]> {
  let log: RealtimeEvent[] = [];
  await waitUntil(
    async () => {
      const { rows } = await node.db.pool.query('SELECT count(*)::int AS n FROM events WHERE seq IS NULL');
      if (rows[0].n > 0) return false;
      log = [];
      for (let after = 0; ; ) {
        const page = (await admin.client.get(`/api/v1/events?after=${after}&limit=100`)).body.items;
        log.push(...page);
        if (page.length < 100) break;
        after = page.at(-1).seq;
      }
      return node.node.ctx.realtime.status().lastDeliveredSeq === (log.at(-1)?.seq ?? 0);
    },
    { what: 'every event delivered' },
  );
  return log;
}

async function resume(user: TestUser, lastSeq: number, online: boolean): Promise<Listener> {
  const listener = await connectListener(node.url, { token: user.token, lastSeq, ...(online ? { online } : {}) });
  await waitUntil(() => listener.resumedAt !== undefined, { what: 'resumed' });
  listener.close();
  return listener;
}

const seqsOf = (events: RealtimeEvent[]) => events.map((e) => e.seq);

it('resumes from 0 only what each user may GET now, for every event type', async () => {
  const [owner, otherCustomer, holder, decliner, giver] = await Promise.all([
    node.createUser('customer'),
    node.createUser('customer'),
    node.createUser('partner'),
    node.createUser('partner'),
    node.createUser('partner'),
  ]);
  // Events that are about no order: a registration, a disabled and enabled account, an ended session, a
  // product and its edit (with the default store's stock), a store and its edit.
  const registered = await node.client().post('/api/v1/auth/register', {
    name: 'New',
    email: `new-${Date.now()}@example.test`,
    password: 'a long enough password',
    role: 'partner',
  });
  expect(registered.status).toBe(201);
  const throwaway = await node.createUser('customer');
  expect((await admin.client.patch(`/api/v1/admin/users/${throwaway.user.id}/disable`)).status).toBe(200);
  expect((await admin.client.patch(`/api/v1/admin/users/${throwaway.user.id}/enable`)).status).toBe(200);
  const leaver = await node.createUser('customer');
  expect((await leaver.client.post('/api/v1/auth/logout')).status).toBe(204);
  const product = await createProduct(admin.client, { stock: 100 });
  expect((await admin.client.patch(`/api/v1/products/${product.id}`, { priceCents: 260 })).status).toBe(200);
  const store = await createStore(admin.client);
  expect((await admin.client.patch(`/api/v1/stores/${store.id}`, { prepMinutes: 12 })).status).toBe(200);
  // Audit events (admins only): a sign-in, an API key made and revoked, a node started and stopping.
  await node.loginWithCookies((await node.createUser('customer')).user.email);
  const key = await admin.client.post('/api/v1/admin/api-keys', { name: 'till', scopes: ['stock:write'] });
  expect((await admin.client.delete(`/api/v1/admin/api-keys/${key.body.apiKey.id}`)).status).toBe(204);
  for (const type of ['system.started', 'system.stopping'] as const) {
    await recordNodeLifecycle(node.node.ctx, { type, nodeId: node.node.nodeId });
  }

  const place = () => placeOrder(owner.client, [{ productId: product.id, quantity: 1 }], { address: '9 Private Road' });
  const open = await place();
  await moveOrder(decliner.client, open.id, 'reject');
  const released = await place();
  await moveOrder(giver.client, released.id, 'accept');
  await moveOrder(giver.client, released.id, 'reject');
  const taken = await place();
  await moveOrder(giver.client, taken.id, 'accept');
  await moveOrder(giver.client, taken.id, 'reject');
  await moveOrder(holder.client, taken.id, 'accept');
  await moveOrder(holder.client, taken.id, 'status', { status: 'preparing' });
  const delivered = await place();
  await moveOrder(holder.client, delivered.id, 'accept');
  for (const status of ['picked_up', 'on_the_way', 'delivered']) {
    await moveOrder(holder.client, delivered.id, 'status', await partnerStepBody(owner.client, delivered.id, status));
  }
  const cancelledOffer = await place();
  await moveOrder(owner.client, cancelledOffer.id, 'cancel');
  const cancelledHeld = await place();
  await moveOrder(holder.client, cancelledHeld.id, 'accept');
  await moveOrder(owner.client, cancelledHeld.id, 'cancel');
  const takenAway = await place(); // an admin took it from the holder: an open offer again, for the holder too
  await moveOrder(holder.client, takenAway.id, 'accept');
  await moveOrder(admin.client, takenAway.id, 'status', { status: 'placed' });
  const orders: Record<string, Order> = {
    open,
    released,
    taken,
    delivered,
    cancelledOffer,
    cancelledHeld,
    takenAway,
  };

  const log = await settledLog();
  // Broadcast mode: the dispatch events have their own resume test (dispatch/nearest-dispatch.test.ts); the
  // webhook events (admins only) are made and checked in webhooks/.
  const notHere = new Set<string>([...dispatchEventTypes, ...eventTypes.filter((type) => type.startsWith('webhook.'))]);
  expect(new Set(log.map((e) => e.type))).toEqual(new Set(eventTypes.filter((type) => !notHere.has(type))));
  const eventsOf = (order: Order) => log.filter((e) => e.orderId === order.id);
  const offersOf = (order: Order) =>
    eventsOf(order).filter((e) => e.type === 'order.placed' || e.type === 'order.released');

  const [newPartner, newCustomer] = await Promise.all([node.createUser('partner'), node.createUser('customer')]);
  const viewers: { name: string; user: TestUser; online: boolean; expected: RealtimeEvent[] }[] = [
    { name: 'admin', user: admin, online: false, expected: log },
    { name: 'new customer', user: newCustomer, online: false, expected: [] },
    { name: 'other customer', user: otherCustomer, online: false, expected: [] },
    { name: 'owner', user: owner, online: false, expected: log.filter((e) => 'order' in e.data && e.orderId !== null) },
    {
      name: 'new partner',
      user: newPartner,
      online: true,
      expected: [...offersOf(open), ...offersOf(released), ...offersOf(takenAway)],
    },
    { name: 'new partner, offline', user: newPartner, online: false, expected: [] },
    {
      name: 'decliner',
      user: decliner,
      online: true,
      expected: [...offersOf(released), ...offersOf(takenAway)],
    },
    { name: 'giver', user: giver, online: true, expected: [...offersOf(open), ...offersOf(takenAway)] },
    {
      name: 'holder',
      user: holder,
      online: true,
      expected: [
        ...offersOf(open),
        ...offersOf(released),
        // Its own moves and the offers; not the giver's accept before it held the order.
        ...eventsOf(taken).filter((e) => e.actor?.id !== giver.user.id || e.type === 'order.released'),
        ...eventsOf(delivered),
        ...eventsOf(cancelledHeld),
        ...offersOf(takenAway),
      ],
    },
  ];

  for (const { name, user, online, expected } of viewers) {
    const resumed = await resume(user, 0, online);
    expect(seqsOf(resumed.events), name).toEqual(seqsOf(expected).sort((a, b) => a - b));
    expect(resumed.events, name).toEqual(log.filter((e) => resumed.seqs().includes(e.seq)));
    expect(resumed.withdrawn, `${name}: no offer it never saw is withdrawn`).toEqual([]);
    if (user.user.role === 'admin') continue;

    // The same as the HTTP API answers now: an order is resumed exactly when GET shows it, with the events
    // GET /orders/:id/events lists (offers only while online).
    for (const [label, order] of Object.entries(orders)) {
      const shown = await user.client.get(`/api/v1/orders/${order.id}`);
      const listed = await user.client.get(`/api/v1/orders/${order.id}/events?limit=100`);
      const fromResume = resumed.events.filter((e) => e.orderId === order.id);
      if (shown.status !== 200) expect(fromResume, `${name}, ${label}`).toEqual([]);
      else if (online || shown.body.order.partnerId === user.user.id || user.user.role === 'customer') {
        expect(fromResume, `${name}, ${label}`).toEqual(listed.body.items);
      }
    }
  }
});

it('withdraws on resume only the offers the partner could have seen before its lastSeq', async () => {
  const [customer, partner, rival] = await Promise.all([
    node.createUser('customer'),
    node.createUser('partner'),
    node.createUser('partner'),
  ]);
  const product = await createProduct(admin.client, { stock: 100 });
  const place = () => placeOrder(customer.client, [{ productId: product.id, quantity: 1 }]);

  const live = await connectListener(node.url, { token: partner.token, online: true });
  await waitUntil(
    async () =>
      (await node.db.pool.query('SELECT online FROM partner_presence WHERE partner_id = $1', [partner.user.id])).rows[0]
        ?.online === true,
    { what: 'online' },
  );
  const seenThenTaken = await place();
  const seenThenCancelled = await place();
  await waitUntil(() => live.events.filter((e) => e.type === 'order.placed').length === 2, { what: 'two offers' });
  const lastSeq = live.seqs().at(-1)!;
  live.close();
  await waitUntil(
    async () =>
      (await node.db.pool.query('SELECT online FROM partner_presence WHERE partner_id = $1', [partner.user.id])).rows[0]
        ?.online === false,
    { what: 'offline' },
  );

  await moveOrder(rival.client, seenThenTaken.id, 'accept');
  await moveOrder(customer.client, seenThenCancelled.id, 'cancel');
  const neverSeen = await place();
  await moveOrder(rival.client, neverSeen.id, 'accept');
  const stillOpen = await place();
  const log = await settledLog();
  const eventOf = (order: Order, type: string) => log.find((e) => e.orderId === order.id && e.type === type)!;

  const resumed = await resume(partner, lastSeq, true);
  expect(resumed.withdrawn).toEqual([
    { orderId: seenThenTaken.id, seq: eventOf(seenThenTaken, 'order.accepted').seq },
    { orderId: seenThenCancelled.id, seq: eventOf(seenThenCancelled, 'order.cancelled').seq },
  ]);
  expect(resumed.events).toEqual([eventOf(stillOpen, 'order.placed')]);
});
