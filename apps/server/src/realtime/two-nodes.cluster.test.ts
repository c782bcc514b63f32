import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PartnerLocationMessage, Role } from '@swyft/contract';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { deleteRedisKeys } from '../../test/support/redis-keys.js';
import { type ServerNode, startServerProcess } from '../../test/support/server-process.js';
import { TestClient } from '../../test/support/test-client.js';
import { insertSession } from '../auth/session-queries.js';
import { createAccessTokens } from '../auth/tokens.js';
import { createProduct, moveOrder, partnerStepBody, placeOrder } from '../orders/testing/order-factories.js';
import { insertUser } from '../users/user-queries.js';
import { realtimeChannelPrefix } from './redis-adapter.js';
import { connectListener, type Listener, waitUntil } from './testing/socket-clients.js';

const JWT_SECRET = 'cluster-test-secret-that-is-long-enough-0123456789';
const tokens = createAccessTokens(JWT_SECRET, 3600);

let db: TestDatabase;
let nodeA: ServerNode;
let nodeB: ServerNode;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: inject('redisUrl')!,
    REDIS_PREFIX: `c${randomBytes(4).toString('hex')}`,
    JWT_SECRET,
  };
  // A starts first, so it holds the sequencer lock: killing it later forces a change of sequencer.
  nodeA = await startServerProcess(env);
  nodeB = await startServerProcess(env);
}, 120_000);

afterAll(async () => {
  await nodeA?.kill();
  await nodeB?.stop();
  await db?.drop();
  if (env) await deleteRedisKeys(env.REDIS_URL!, env.REDIS_PREFIX!);
});

async function createUser(role: Role) {
  const row = await insertUser(db.pool, {
    email: `${role}-${randomBytes(5).toString('hex')}@example.test`,
    name: `Cluster ${role}`,
    role,
    passwordHash: 'not-used',
  });
  const sessionId = randomUUID();
  await insertSession(db.pool, { id: sessionId, userId: row.id });
  const token = await tokens.sign({ userId: row.id, role, sessionId });
  return { id: row.id, token, on: (node: ServerNode) => new TestClient(node.url, { bearer: token }) };
}

async function health(admin: { on: (node: ServerNode) => TestClient }, node: ServerNode) {
  const res = await admin.on(node).get('/api/v1/events/health');
  expect(res.status).toBe(200);
  return res.body as { lastSeq: number; undelivered: number; node: { isSequencer: boolean; lastDeliveredSeq: number } };
}

it('shows a customer on node A, within a second, each step a partner makes through node B', async () => {
  const admin = await createUser('admin');
  const customer = await createUser('customer');
  const partner = await createUser('partner');
  expect((await health(admin, nodeA)).node.isSequencer).toBe(true);
  expect((await health(admin, nodeB)).node.isSequencer).toBe(false);

  const product = await createProduct(admin.on(nodeB), { stock: 100 });
  const onA = await connectListener(nodeA.url, { token: customer.token });
  const order = await placeOrder(customer.on(nodeB), [{ productId: product.id, quantity: 1 }]);
  await waitUntil(() => onA.events.length === 1, { timeoutMs: 1_000, what: 'order.placed on node A' });

  const steps: [string, unknown?][] = [
    ['accept'],
    ['status', { status: 'preparing' }],
    ['status', { status: 'picked_up' }],
    ['status', { status: 'on_the_way' }],
    ['status', { status: 'delivered' }],
  ];
  for (const [action, body] of steps) {
    const before = onA.events.length;
    // The code as the customer's app shows it on node A.
    const step = (body as { status?: string } | undefined)?.status;
    const sent = step ? await partnerStepBody(customer.on(nodeA), order.id, step) : body;
    await moveOrder(partner.on(nodeB), order.id, action, sent);
    await waitUntil(() => onA.events.length === before + 1, { timeoutMs: 1_000, what: `${action} on node A` });
  }
  expect(onA.events.map((e) => e.type)).toEqual([
    'order.placed',
    'order.accepted',
    'order.status_changed',
    'order.status_changed',
    'order.status_changed',
    'order.delivered',
  ]);
  onA.close();
});

/** An order placed through node A by a new customer and accepted by a new partner. */
async function acceptedOrder() {
  const admin = await createUser('admin');
  const customer = await createUser('customer');
  const partner = await createUser('partner');
  const product = await createProduct(admin.on(nodeA), { stock: 10 });
  const order = await placeOrder(customer.on(nodeA), [{ productId: product.id, quantity: 1 }]);
  await moveOrder(partner.on(nodeA), order.id, 'accept');
  return { customer, partner, order };
}

it('carries partner.location from node B to the customer on node A', async () => {
  const { customer, partner, order } = await acceptedOrder();
  const onA = await connectListener(nodeA.url, { token: customer.token });
  const partnerOnB = await connectListener(nodeB.url, { token: partner.token });
  expect(await partnerOnB.socket.emitWithAck('location', { lat: 48.85, lng: 2.35 })).toEqual({ ok: true });
  await waitUntil(() => onA.locations.length === 1, { timeoutMs: 1_000, what: 'partner.location on node A' });
  expect(onA.locations[0]).toMatchObject({ partnerId: partner.id, orderId: order.id, lat: 48.85, lng: 2.35 });
  onA.close();
  partnerOnB.close();
});

it('gives a customer connecting to node A the exact latest position that the delivering partner sent to node B', async () => {
  const { customer, partner, order } = await acceptedOrder();
  const partnerOnB = await connectListener(nodeB.url, { token: partner.token });
  // Two positions 11 m and a moment apart: what node A gives is the second, not the first node B shared.
  expect(await partnerOnB.socket.emitWithAck('location', { lat: 48.85, lng: 2.35 })).toEqual({ ok: true });
  expect(await partnerOnB.socket.emitWithAck('location', { lat: 48.8501, lng: 2.35 })).toEqual({ ok: true });
  // Node B shares each within its 50 ms batch: a customer who connects before then is given nothing, or the
  // first position when the two fell in different batches. The customer connects again until given the second;
  // a node B that shares only a partner's first position (or nothing) keeps this waiting until it fails.
  let firstLook: PartnerLocationMessage | undefined;
  await waitUntil(
    async () => {
      const onA = await connectListener(nodeA.url, { token: customer.token });
      await sleep(100); // the first look is sent on connect
      firstLook = onA.locations[0];
      onA.close();
      return firstLook?.lat === 48.8501;
    },
    { timeoutMs: 5_000, what: "the delivering partner's latest position on node A" },
  );
  expect(firstLook).toMatchObject({ partnerId: partner.id, orderId: order.id, lat: 48.8501, lng: 2.35 });
  partnerOnB.close();
});

it("sends a partner's positions through Redis to the admins only while an admin is connected, on any node", async () => {
  const admin = await createUser('admin');
  const partner = await createUser('partner');
  // What crosses Redis: the adapter's channel of the default namespace (sharded pub/sub, one channel).
  const redis = new Redis(env.REDIS_URL!);
  const crossed: Buffer[] = [];
  redis.on('smessageBuffer', (_channel: Buffer, message: Buffer) => {
    if (message.includes('partner.location')) crossed.push(message);
  });
  await redis.ssubscribe(`${realtimeChannelPrefix(env.REDIS_PREFIX!)}#/#`);
  const partnerOnB = await connectListener(nodeB.url, { token: partner.token });
  let lat = 48.85;
  const sendPosition = async () => {
    lat += 0.001;
    expect(await partnerOnB.socket.emitWithAck('location', { lat, lng: 2.35 })).toEqual({ ok: true });
  };
  try {
    // No admin anywhere and no order: the position stays on node B.
    await sendPosition();
    await sleep(300);
    expect(crossed).toHaveLength(0);

    // An admin connects to node A, which tells node B at once: the partner's next positions reach the admin.
    const adminOnA = await connectListener(nodeA.url, { token: admin.token });
    const connectedAt = lat;
    await waitUntil(
      async () => {
        await sendPosition();
        await sleep(250); // as a phone would, within the 5 positions a second a partner may send
        return adminOnA.locations.some((l) => l.partnerId === partner.id && l.lat > connectedAt);
      },
      { timeoutMs: 2_000, what: 'a live position from node B on the admin map on node A' },
    );
    expect(crossed.length).toBeGreaterThan(0);

    // Gone: node B stops sending once node A's last word (at most 1 s before the admin left) has lapsed, 3 s
    // after it came; a busy node A may see the admin leave late, hence the wait's margin.
    adminOnA.close();
    await waitUntil(
      async () => {
        crossed.length = 0;
        await sendPosition();
        await sleep(300);
        return crossed.length === 0;
      },
      { timeoutMs: 8_000, what: 'node B to stop sending positions to the admins through Redis' },
    );
    expect(crossed).toHaveLength(0);
  } finally {
    partnerOnB.close();
    redis.disconnect();
  }
});

it('closes, within a second, the socket on node A of a user an admin disables through node B', async () => {
  const admin = await createUser('admin');
  const customer = await createUser('customer');
  const onA = await connectListener(nodeA.url, { token: customer.token });
  const closed = new Promise<number>((resolve) => onA.socket.once('disconnect', () => resolve(Date.now())));
  const disabledAt = Date.now();
  expect((await admin.on(nodeB).patch(`/api/v1/admin/users/${customer.id}/disable`)).status).toBe(200);
  expect((await closed) - disabledAt).toBeLessThan(1_000);
  await expect(connectListener(nodeA.url, { token: customer.token })).rejects.toThrow('account_disabled');
});

it('loses nothing when node A is killed with -9 mid-stream: the client resumes on node B', async () => {
  const admin = await createUser('admin');
  const customer = await createUser('customer');
  const partner = await createUser('partner');
  const product = await createProduct(admin.on(nodeB), { stock: 1_000 });

  // What each connection received is collected from before it connects: a handler added once the connect
  // is awaited misses events that arrive in the same read as the connect (a busy machine reads late).
  const onA = await connectListener(nodeA.url, { token: customer.token, lastSeq: 0 });
  let onB: Listener | undefined;
  const received = () => [...onA.seqs(), ...(onB?.seqs() ?? [])];

  let writing = true;
  const writer = (async () => {
    for (let i = 0; i < 30; i++) {
      const order = await placeOrder(customer.on(nodeB), [{ productId: product.id, quantity: 1 }]);
      await moveOrder(partner.on(nodeB), order.id, 'accept');
      await moveOrder(partner.on(nodeB), order.id, 'status', { status: 'preparing' });
    }
    writing = false;
  })();

  await waitUntil(() => received().length >= 10, { what: 'events on node A before the crash' });
  const closed = new Promise((resolve) => onA.socket.once('disconnect', resolve));
  await nodeA.kill();
  await closed;
  expect(writing).toBe(true);
  // The client reconnects to the surviving node with the last seq it applied.
  onB = await connectListener(nodeB.url, { token: customer.token, lastSeq: received().at(-1)! });
  await writer;

  // Node B became the sequencer and has stamped and delivered everything.
  await waitUntil(
    async () => {
      const h = await health(admin, nodeB);
      return h.node.isSequencer && h.undelivered === 0 && h.node.lastDeliveredSeq === h.lastSeq;
    },
    { what: 'node B to take over the sequencer and catch up' },
  );
  const { rows } = await db.pool.query<{ seq: number }>(
    'SELECT seq FROM events WHERE $1 = ANY(audience_user_ids) ORDER BY seq',
    [customer.id],
  );
  expect(rows.length).toBe(90);
  await waitUntil(() => received().length >= rows.length, { what: 'every event on node B' });
  expect(received()).toEqual(rows.map((r) => r.seq));
  onB.close();
}, 120_000);
