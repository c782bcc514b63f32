import type { EventOf, Order } from '@swyft/contract';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct, placeOrder } from '../orders/testing/order-factories.js';
import { connectListener, type Listener, waitUntil } from '../realtime/testing/socket-clients.js';
import { expireOfferWave } from './expire-offer-wave.js';
import { eventsOf, north, type OnlinePartner, onlinePartner, STORE, waitForEvent } from './testing/dispatch-helpers.js';

/**
 * Nearest-first dispatch on a real node (API.md, Dispatch): waves of 2, 1 s each, 2 waves, then open. Each test
 * takes its partners offline at its end, so the next one counts only its own.
 */
const { node, admin, customer } = withTestNode(
  { admins: 1, customers: 1 },
  {
    env: {
      DISPATCH_MODE: 'nearest',
      DISPATCH_WAVE_SIZE: '2',
      DISPATCH_OFFER_SECONDS: '1',
      DISPATCH_MAX_WAVES: '2',
      DISPATCH_MAX_ACTIVE: '1',
    },
  },
);

let productId: string;
let watcher: Listener;
const present: OnlinePartner[] = [];

beforeAll(async () => {
  productId = (await createProduct(admin.client, { stock: 1_000 })).id;
  watcher = await connectListener(node.url, { token: admin.token });
});

afterEach(async () => {
  await Promise.all(present.splice(0).map((partner) => partner.leave()));
  await waitUntil(
    async () => (await node.db.pool.query('SELECT 1 FROM partner_presence WHERE online')).rowCount === 0,
    { what: 'every partner offline' },
  );
});

async function partnersAt(...meters: number[]): Promise<OnlinePartner[]> {
  const partners = await Promise.all(meters.map((m) => onlinePartner(node, north(STORE, m))));
  present.push(...partners);
  return partners;
}

const place = (): Promise<Order> => placeOrder(customer.client, [{ productId, quantity: 1 }]);
const offered = (order: Order) =>
  waitForEvent(watcher, order.id, 'order.offered') as Promise<EventOf<'order.offered'>[]>;

it('offers a placed order to the nearest free partners only; the others do not see it', async () => {
  const [near, second, third] = await partnersAt(100, 250, 900);
  const [busy] = await partnersAt(30);
  // The busy partner, nearest of all, holds an order already (DISPATCH_MAX_ACTIVE 1).
  const held = await place();
  expect(
    (await admin.client.patch(`/api/v1/admin/orders/${held.id}/assign`, { partnerId: busy!.user.id })).status,
  ).toBe(200);

  const order = await place();
  const [event] = await offered(order);
  const { dispatch } = event!.data;
  expect(dispatch.wave).toBe(1);
  expect(dispatch.partnerIds).toEqual([near!.user.id, second!.user.id]);
  expect(dispatch.candidates!.map((c) => c.partnerId)).toEqual([near!.user.id, second!.user.id]);
  expect(dispatch.candidates![0]!.distanceMeters).toBeGreaterThan(90);
  expect(dispatch.candidates![0]!.distanceMeters).toBeLessThan(110);
  expect(Date.parse(dispatch.expiresAt) - Date.parse(event!.at)).toBeLessThanOrEqual(1_100);

  // The wave's partners get their own offer only; the others nothing.
  await waitUntil(() => eventsOf(near!.listener, order.id).length === 1, { what: 'the offer on its socket' });
  const own = eventsOf(near!.listener, order.id)[0] as EventOf<'order.offered'>;
  expect(own.type).toBe('order.offered');
  expect(own.data.dispatch).toEqual({ wave: 1, expiresAt: dispatch.expiresAt });
  expect(eventsOf(third!.listener, order.id)).toEqual([]);

  const shown = await near!.client.get(`/api/v1/orders/${order.id}`);
  expect(shown.status).toBe(200);
  expect(shown.body.order.offer).toMatchObject({ wave: 1, expiresAt: dispatch.expiresAt });
  expect((await third!.client.get(`/api/v1/orders/${order.id}`)).status).toBe(404);
  expect((await third!.client.patch(`/api/v1/orders/${order.id}/accept`)).status).toBe(404);
  const listed = (await near!.client.get('/api/v1/orders/unassigned')).body.items as Order[];
  expect(listed.map((o) => o.id)).toContain(order.id);
  expect(((await third!.client.get('/api/v1/orders/unassigned')).body.items as Order[]).map((o) => o.id)).not.toContain(
    order.id,
  );
  // The customer sees their order, without anyone's offer.
  expect((await customer.client.get(`/api/v1/orders/${order.id}`)).body.order.offer).toBeUndefined();
});

it('moves to the next wave when one expires, then opens the order when the waves are spent', async () => {
  const [first, second, third, fourth, fifth] = await partnersAt(100, 200, 300, 400, 500);
  const order = await place();
  const started = Date.now();
  const waves = await waitForEvent(watcher, order.id, 'order.offered', { count: 2 });
  expect((waves as EventOf<'order.offered'>[]).map((w) => w.data.dispatch.partnerIds)).toEqual([
    [first!.user.id, second!.user.id],
    [third!.user.id, fourth!.user.id],
  ]);
  const [opened] = (await waitForEvent(watcher, order.id, 'order.opened')) as EventOf<'order.opened'>[];
  expect(opened!.data.reason).toBe('waves_exhausted');
  // Two waves of 1 s, each acted on within 2 s of its end.
  expect(Date.now() - started).toBeLessThan(2 * (1_000 + 2_000));
  const expired = eventsOf(watcher, order.id).filter((e) => e.type === 'order.offer_expired');
  expect(expired.map((e) => (e as EventOf<'order.offer_expired'>).data.wave)).toEqual([1, 2]);

  // The first wave was told its offer is gone; the open order is every online partner's now.
  await waitUntil(() => first!.listener.withdrawn.some((w) => w.orderId === order.id), { what: 'withdrawn' });
  await waitUntil(() => eventsOf(fifth!.listener, order.id).some((e) => e.type === 'order.opened'), {
    what: 'order.opened for the partner never offered it',
  });
  expect((await fifth!.client.get(`/api/v1/orders/${order.id}`)).status).toBe(200);
  expect((await first!.client.get(`/api/v1/orders/${order.id}`)).body.order.offer).toBeUndefined();

  // The expiry job acted once per wave; run again, it changes nothing.
  const { rows } = await node.db.pool.query<{ id: number }>(
    'SELECT id FROM order_offers WHERE order_id = $1 ORDER BY id',
    [order.id],
  );
  const before = (await node.db.pool.query('SELECT count(*)::int AS n FROM events WHERE order_id = $1', [order.id]))
    .rows[0].n;
  expect(
    await expireOfferWave({ ...node.node.ctx, config: node.node.ctx.config.dispatch }, { offerId: rows[0]!.id }),
  ).toBe('not_running');
  const after = (await node.db.pool.query('SELECT count(*)::int AS n FROM events WHERE order_id = $1', [order.id]))
    .rows[0].n;
  expect(after).toBe(before);
});

it('ends a wave whose expiry job a killed node held locked, once, within 2 s of its expiry (not in 4 hours)', async () => {
  const [first] = await partnersAt(100);
  const order = await place();
  const [wave] = await offered(order);
  // A node took the wave's end and was killed with -9 while running it: graphile-worker keeps the job locked
  // by a worker that no longer exists, for 4 hours.
  const { rows: stuck } = await node.db.pool.query<{ id: number }>(
    `UPDATE graphile_worker._private_jobs SET locked_by = 'worker-killed-with-9', locked_at = now()
     WHERE key = (SELECT 'offer-' || id FROM order_offers WHERE order_id = $1) AND locked_at IS NULL RETURNING id`,
    [order.id],
  );
  expect(stuck).toHaveLength(1);
  // The wave (1 s) is overdue 1 s after its expiry; every node looks every 500 ms.
  const [expired] = (await waitForEvent(watcher, order.id, 'order.offer_expired', {
    timeoutMs: 10_000,
  })) as EventOf<'order.offer_expired'>[];
  const late = Date.parse(expired!.at) - Date.parse(wave!.data.dispatch!.expiresAt);
  expect(late).toBeGreaterThanOrEqual(0);
  expect(late).toBeLessThan(2_000); // as when no node died (API.md, "Dispatch")
  const [opened] = (await waitForEvent(watcher, order.id, 'order.opened')) as EventOf<'order.opened'>[];
  expect(opened!.data.reason).toBe('waves_exhausted');
  expect(eventsOf(watcher, order.id).filter((e) => e.type === 'order.offer_expired')).toHaveLength(1);
  await waitUntil(() => first!.listener.withdrawn.some((w) => w.orderId === order.id), { what: 'withdrawn' });
  // The locked job will not run again when graphile-worker unlocks it.
  const { rows } = await node.db.pool.query<{ key: string | null; spent: boolean }>(
    'SELECT key, attempts >= max_attempts AS spent FROM graphile_worker._private_jobs WHERE id = $1',
    [stuck[0]!.id],
  );
  expect(rows).toEqual([{ key: null, spent: true }]);
}, 40_000);

it('opens an order at once when no partner qualifies', async () => {
  await partnersAt(); // nobody online
  const order = await place();
  const [opened] = (await waitForEvent(watcher, order.id, 'order.opened')) as EventOf<'order.opened'>[];
  expect(opened!.data.reason).toBe('no_candidates');
  expect(eventsOf(watcher, order.id).map((e) => e.type)).toEqual(['order.placed', 'order.opened']);
});

it('lets exactly one partner of a wave win a race; the other is told the offer is gone', async () => {
  const [a, b] = await partnersAt(100, 120);
  const order = await place();
  await offered(order);
  const answers = await Promise.all([a, b].map((p) => p!.client.patch(`/api/v1/orders/${order.id}/accept`)));
  expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  const loser = answers[0]!.status === 409 ? a! : b!;
  await waitUntil(() => loser.listener.withdrawn.some((w) => w.orderId === order.id), { what: 'withdrawn' });
  const { rows } = await node.db.pool.query('SELECT outcome FROM order_offers WHERE order_id = $1', [order.id]);
  expect(rows).toEqual([{ outcome: 'accepted' }]);
});

it('dispatches a released order again without the partner who gave it back, nor one who declined it', async () => {
  const [giver, decliner, other] = await partnersAt(50, 60, 400);
  const order = await place();
  await offered(order);
  expect((await decliner!.client.patch(`/api/v1/orders/${order.id}/reject`)).status).toBe(200);
  expect((await giver!.client.patch(`/api/v1/orders/${order.id}/accept`)).status).toBe(200);
  expect((await giver!.client.patch(`/api/v1/orders/${order.id}/reject`)).status).toBe(200);
  const waves = (await waitForEvent(watcher, order.id, 'order.offered', { count: 2 })) as EventOf<'order.offered'>[];
  expect(waves[1]!.data.dispatch.partnerIds).toEqual([other!.user.id]);
});

it('lets an admin assign a placed order once (idempotently); a second assign is 409 already_assigned', async () => {
  const [offeredTo, other] = await partnersAt(100, 200);
  const order = await place();
  await offered(order);
  const headers = { 'idempotency-key': `assign-${order.id}` };
  const assign = (partnerId: string, h = headers) =>
    admin.client.patch(`/api/v1/admin/orders/${order.id}/assign`, { partnerId }, { headers: h });
  const first = await assign(other!.user.id);
  expect(first.status).toBe(200);
  expect(first.body.order).toMatchObject({ status: 'accepted', partnerId: other!.user.id });
  const replay = await assign(other!.user.id);
  expect(replay.status).toBe(200);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  const again = await assign(offeredTo!.user.id, { 'idempotency-key': `assign-again-${order.id}` });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('already_assigned');
  await waitUntil(() => offeredTo!.listener.withdrawn.some((w) => w.orderId === order.id), { what: 'withdrawn' });
  expect(
    (await admin.client.patch(`/api/v1/admin/orders/${order.id}/assign`, { partnerId: customer.user.id })).status,
  ).toBe(400);
});

it('resumes an offered partner with its own offer only', async () => {
  const [near] = await partnersAt(100);
  const order = await place();
  await offered(order);
  const resumed = await connectListener(node.url, { token: near!.token, lastSeq: 0 });
  await waitUntil(() => resumed.resumedAt !== undefined, { what: 'resumed' });
  resumed.close();
  const offers = eventsOf(resumed, order.id);
  expect(offers.map((e) => e.type)).toEqual(['order.offered']);
  expect((offers[0] as EventOf<'order.offered'>).data.dispatch).not.toHaveProperty('candidates');
});
