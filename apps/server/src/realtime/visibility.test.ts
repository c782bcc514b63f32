import type { OfferWithdrawnMessage, RealtimeEvent } from '@swyft/contract';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestNode, type TestNode, type TestUser } from '../../test/support/test-node.js';
import { createProduct, moveOrder, partnerStepBody, placeOrder } from '../orders/testing/order-factories.js';
import { upsertPartnerOnline } from './presence-queries.js';
import { connectListener, type Listener, waitUntil } from './testing/socket-clients.js';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node?.close());

type Who = 'admin' | 'customerA' | 'customerB' | 'bystander' | 'partner1' | 'partner2' | 'partner4' | 'offline';

/** API.md, Real-time channel: who may see an event, written independently of the server's audience columns. */
function mayReceive(user: TestUser, online: boolean, event: RealtimeEvent): boolean {
  const order = 'order' in event.data ? event.data.order : undefined;
  if (user.user.role === 'admin') return true;
  if (user.user.role === 'customer') return order?.customerId === user.user.id;
  const isOffer = event.type === 'order.placed' || event.type === 'order.released';
  const assigned = order?.partnerId === user.user.id;
  const gaveItBack = event.type === 'order.released' && event.actor?.id === user.user.id;
  return (online && isOffer) || assigned || gaveItBack;
}

/** On resume, for orders that are no longer offers: their customer, the partner holding them now, admins. */
function mayResume(user: TestUser, now: { partnerId: string | null }, event: RealtimeEvent): boolean {
  if (user.user.role !== 'partner') return mayReceive(user, false, event);
  const isOffer = event.type === 'order.placed' || event.type === 'order.released';
  return now.partnerId === user.user.id && (isOffer || mayReceive(user, false, event));
}

function withdrawalsFor(user: TestUser, online: boolean, log: RealtimeEvent[]): OfferWithdrawnMessage[] {
  if (user.user.role !== 'partner' || !online) return [];
  return log
    .filter((e) => 'order' in e.data && e.data.from === 'placed' && e.data.order.status !== 'placed')
    .filter((e) => !mayReceive(user, online, e))
    .map((e) => ({ orderId: e.orderId!, seq: e.seq }));
}

it('sends each connection exactly the events API.md lets its user see, live, and on resume from 0 what it may see now', async () => {
  const admin = await node.createUser('admin');
  const users: Record<Who, TestUser> = {
    admin,
    customerA: await node.createUser('customer'),
    customerB: await node.createUser('customer'),
    bystander: await node.createUser('customer'),
    partner1: await node.createUser('partner'),
    partner2: await node.createUser('partner'),
    partner4: await node.createUser('partner'),
    offline: await node.createUser('partner'),
  };
  const online: Record<Who, boolean> = {
    admin: false,
    customerA: false,
    customerB: false,
    bystander: false,
    partner1: true,
    partner2: true,
    partner4: true,
    offline: false,
  };
  const who = Object.keys(users) as Who[];
  const live = {} as Record<Who, Listener>;
  for (const name of who) {
    live[name] = await connectListener(node.url, {
      token: users[name].token,
      ...(online[name] ? { online: true } : {}),
    });
  }
  // Presence is recorded before the first change: wait until the three partners are online.
  await waitUntil(
    async () => {
      const { rows } = await node.db.pool.query('SELECT count(*)::int AS n FROM partner_presence WHERE online');
      return rows[0].n === 3;
    },
    { what: 'partners online' },
  );

  const product = await createProduct(admin.client, { stock: 50 });
  const line = [{ productId: product.id, quantity: 1 }];
  const { customerA, customerB, partner1, partner4 } = users;
  const o1 = await placeOrder(customerA.client, line);
  const o2 = await placeOrder(customerB.client, line);
  await moveOrder(partner1.client, o1.id, 'accept');
  await moveOrder(partner4.client, o2.id, 'accept');
  await moveOrder(partner4.client, o2.id, 'reject'); // released: offered again
  for (const status of ['preparing', 'picked_up', 'on_the_way', 'delivered']) {
    await moveOrder(partner1.client, o1.id, 'status', await partnerStepBody(customerA.client, o1.id, status));
  }
  await moveOrder(customerB.client, o2.id, 'cancel'); // withdrawn from placed
  const o3 = await placeOrder(customerA.client, line);
  await moveOrder(admin.client, o3.id, 'cancel');

  // The log lists an event once the sequencer has stamped it, a moment after its commit.
  let log: RealtimeEvent[] = [];
  await waitUntil(
    async () => {
      const logRes = await admin.client.get('/api/v1/events?limit=100');
      log = (logRes.body.items as RealtimeEvent[]).filter((e) => e.orderId !== null);
      return log.length === 12;
    },
    { what: 'twelve order events in the log' },
  );
  expect(log.map((e) => e.type)).toEqual([
    'order.placed',
    'order.placed',
    'order.accepted',
    'order.accepted',
    'order.released',
    'order.status_changed',
    'order.status_changed',
    'order.status_changed',
    'order.delivered',
    'order.cancelled',
    'order.placed',
    'order.cancelled',
  ]);
  const lastSeq = log.at(-1)!.seq;
  await waitUntil(() => live.admin.seqs().includes(lastSeq), { what: 'the last event live' });
  // Everything is dispatched; give any stray (wrong) delivery a moment to show up.
  await new Promise((resolve) => setTimeout(resolve, 300));

  const orderEventsOf = (listener: Listener) => listener.events.filter((e) => e.orderId !== null);
  for (const name of who) {
    const expected = log.filter((e) => mayReceive(users[name], online[name], e));
    expect(orderEventsOf(live[name]), `${name} live`).toEqual(expected);
    expect(live[name].withdrawn, `${name} live offer.withdrawn`).toEqual(
      withdrawalsFor(users[name], online[name], log),
    );
  }
  expect(live.partner2.withdrawn.length).toBe(4);
  expect(live.bystander.events).toEqual([]);
  expect(live.offline.events).toEqual([]);
  expect(orderEventsOf(live.partner2).map((e) => e.type)).toEqual([
    'order.placed',
    'order.placed',
    'order.released',
    'order.placed',
  ]);

  // Resume from 0: today's visibility, not the one at the time of each event (the live connections keep
  // the partners online). Every order is finished now, so no partner has an open offer: each gets only the
  // history of the orders it holds (o1), the customers that of their orders; nothing is withdrawn.
  const now = new Map<string, { partnerId: string | null }>();
  for (const order of [o1, o2, o3])
    now.set(order.id, (await admin.client.get(`/api/v1/orders/${order.id}`)).body.order);
  for (const name of who) {
    const resumed = await connectListener(node.url, { token: users[name].token, lastSeq: 0 });
    await waitUntil(() => resumed.resumedAt !== undefined, { what: `${name} resumed` });
    const expected = log.filter((e) => mayResume(users[name], now.get(e.orderId!)!, e));
    expect(orderEventsOf(resumed), `${name} resumed`).toEqual(expected);
    expect(resumed.withdrawn, `${name} resumed offer.withdrawn`).toEqual([]);
    resumed.close();
  }
  expect(log.filter((e) => mayResume(users.partner1, now.get(e.orderId!)!, e)).map((e) => e.orderId)).toEqual(
    Array(6).fill(o1.id),
  );
  for (const name of who) live[name].close();
});

it('sends offers to a partner only while they are online, and partner.location to the right customer', async () => {
  const admin = await node.createUser('admin');
  const customer = await node.createUser('customer');
  const other = await node.createUser('customer');
  const partner = await node.createUser('partner');
  const product = await createProduct(admin.client, { stock: 20 });
  const line = [{ productId: product.id, quantity: 1 }];

  const partnerSocket = await connectListener(node.url, { token: partner.token });
  const customerSocket = await connectListener(node.url, { token: customer.token });
  const otherSocket = await connectListener(node.url, { token: other.token });
  const adminSocket = await connectListener(node.url, { token: admin.token });

  const offline = await placeOrder(customer.client, line);
  await waitUntil(() => adminSocket.events.some((e) => e.orderId === offline.id), { what: 'first offer' });

  expect(await partnerSocket.socket.emitWithAck('availability', { online: true })).toEqual({ ok: true, online: true });
  const offered = await placeOrder(customer.client, line);
  await waitUntil(() => partnerSocket.events.some((e) => e.orderId === offered.id), { what: 'offer while online' });
  expect(partnerSocket.events.map((e) => e.orderId)).toEqual([offered.id]);

  await moveOrder(partner.client, offered.id, 'accept');
  await waitUntil(() => customerSocket.events.some((e) => e.type === 'order.accepted'), { what: 'accepted' });
  expect(await partnerSocket.socket.emitWithAck('location', { lat: 52.52, lng: 13.405, heading: 90 })).toEqual({
    ok: true,
  });
  await waitUntil(() => customerSocket.locations.length === 1 && adminSocket.locations.length === 1, {
    what: 'partner.location',
  });
  expect(customerSocket.locations[0]).toMatchObject({
    partnerId: partner.user.id,
    orderId: offered.id,
    lat: 52.52,
    lng: 13.405,
    heading: 90,
  });
  expect(adminSocket.locations[0]).toMatchObject({ partnerId: partner.user.id, orderId: offered.id });
  expect(otherSocket.locations).toEqual([]);
  // The latest position is kept: a customer who connects now gets it at once.
  const later = await connectListener(node.url, { token: customer.token });
  await waitUntil(() => later.locations.length === 1, { what: 'the latest location on connect' });
  expect(later.locations[0]).toEqual(customerSocket.locations[0]);
  later.close();
  // And an admin who opens the live map now sees the partner there at once, with the order.
  const laterAdmin = await connectListener(node.url, { token: admin.token });
  await waitUntil(() => laterAdmin.locations.some((l) => l.partnerId === partner.user.id), {
    what: "the partners' latest positions on connect",
  });
  expect(laterAdmin.locations.find((l) => l.partnerId === partner.user.id)).toEqual(adminSocket.locations[0]);
  laterAdmin.close();
  expect(await node.node.ctx.realtime.status().openSockets).toBeGreaterThanOrEqual(4);

  expect(await partnerSocket.socket.emitWithAck('availability', { online: false })).toEqual({
    ok: true,
    online: false,
  });
  const afterOffline = await placeOrder(customer.client, line);
  await waitUntil(() => adminSocket.events.some((e) => e.orderId === afterOffline.id), { what: 'third offer' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(partnerSocket.events.some((e) => e.orderId === afterOffline.id)).toBe(false);

  const { rows } = await node.db.pool.query('SELECT online FROM partner_presence WHERE partner_id = $1', [
    partner.user.id,
  ]);
  expect(rows[0].online).toBe(false);
  for (const l of [partnerSocket, customerSocket, otherSocket, adminSocket]) l.close();
});

it('sets a partner offline when their last connection closes', async () => {
  const partner = await node.createUser('partner');
  const first = await connectListener(node.url, { token: partner.token, online: true });
  const second = await connectListener(node.url, { token: partner.token });
  const isOnline = async () => {
    const { rows } = await node.db.pool.query('SELECT online FROM partner_presence WHERE partner_id = $1', [
      partner.user.id,
    ]);
    return rows[0]?.online === true;
  };
  await waitUntil(isOnline, { what: 'online' });
  // The second connection is recorded a moment after its handshake; closing the first before that would
  // rightly leave the partner with no connection.
  await waitUntil(
    async () =>
      (
        await node.db.pool.query('SELECT count(*)::int AS n FROM partner_connections WHERE partner_id = $1', [
          partner.user.id,
        ])
      ).rows[0].n === 2,
    { what: 'both connections recorded' },
  );
  first.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await isOnline()).toBe(true);
  second.close();
  await waitUntil(async () => !(await isOnline()), { what: 'offline' });
});

it('sweeps the partner connections of a node that stopped heart-beating (killed), setting those partners offline', async () => {
  const partner = await node.createUser('partner');
  const pool = node.db.pool;
  await pool.query(
    `INSERT INTO realtime_nodes (node_id, heartbeat_at) VALUES ('crashed-node', now() - interval '1 hour')`,
  );
  await pool.query(
    `INSERT INTO partner_connections (socket_id, partner_id, node_id) VALUES ('crashed-socket', $1, 'crashed-node')`,
    [partner.user.id],
  );
  await pool.query('INSERT INTO partner_presence (partner_id, online) VALUES ($1, true)', [partner.user.id]);
  await waitUntil(
    async () => {
      const { rows } = await pool.query('SELECT online FROM partner_presence WHERE partner_id = $1', [partner.user.id]);
      return rows[0].online === false;
    },
    { timeoutMs: 15_000, what: 'the sweep' },
  );
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM partner_connections WHERE node_id = 'crashed-node'`,
  );
  expect(rows[0].n).toBe(0);
});

it("repairs a partner's membership of partners:online from the database when a node's message was lost", async () => {
  const admin = await node.createUser('admin');
  const customer = await node.createUser('customer');
  const partner = await node.createUser('partner');
  const product = await createProduct(admin.client, { stock: 100 });
  const partnerSocket = await connectListener(node.url, { token: partner.token });
  const adminSocket = await connectListener(node.url, { token: admin.token });
  /** Whether the partner is offered an order placed now (admins see every order: it is out once they do). */
  const offeredNow = async () => {
    const order = await placeOrder(customer.client, [{ productId: product.id, quantity: 1 }]);
    await waitUntil(() => adminSocket.events.some((e) => e.orderId === order.id), { what: 'the order out' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    return partnerSocket.events.some((e) => e.orderId === order.id);
  };
  const setInDatabase = (online: boolean) => upsertPartnerOnline(node.db.pool, partner.user.id, online);
  expect(await offeredNow()).toBe(false);
  // Another node set the partner online (then offline) and its message to this node was lost: only the
  // database says so, and this node's next reconcile (every 5 s) follows it.
  await setInDatabase(true);
  await waitUntil(offeredNow, { timeoutMs: 15_000, what: 'offers once online' });
  await setInDatabase(false);
  await waitUntil(async () => !(await offeredNow()), { timeoutMs: 15_000, what: 'no offers' });
  for (const l of [partnerSocket, adminSocket]) l.close();
}, 40_000);
