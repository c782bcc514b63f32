import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@swyft/contract';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { deleteRedisKeys } from '../../test/support/redis-keys.js';
import { type ServerNode, startServerProcess } from '../../test/support/server-process.js';
import { TestClient } from '../../test/support/test-client.js';
import { insertSession } from '../auth/session-queries.js';
import { createAccessTokens } from '../auth/tokens.js';
import { createProduct, placeOrder } from '../orders/testing/order-factories.js';
import { connectListener, waitUntil } from '../realtime/testing/socket-clients.js';
import { insertUser } from '../users/user-queries.js';
import { north, STORE } from './testing/dispatch-helpers.js';

/**
 * A wave's end lives in PostgreSQL (the job queue), not in the process that made the offer: two nodes with
 * Redis, the offering node killed with -9 right after the offer, and the survivor ends the wave within 2 s
 * of its expiry, sends the next wave, then opens the order, each exactly once.
 */
const JWT_SECRET = 'dispatch-cluster-secret-that-is-long-enough-0123';
const tokens = createAccessTokens(JWT_SECRET, 3600);
const OFFER_SECONDS = 2;

let db: TestDatabase;
let nodeA: ServerNode;
let nodeB: ServerNode;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: inject('redisUrl')!,
    REDIS_PREFIX: `d${randomBytes(4).toString('hex')}`,
    JWT_SECRET,
    DISPATCH_MODE: 'nearest',
    DISPATCH_WAVE_SIZE: '1',
    DISPATCH_OFFER_SECONDS: String(OFFER_SECONDS),
    DISPATCH_MAX_WAVES: '2',
  };
  [nodeA, nodeB] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
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
    name: `Dispatch ${role}`,
    role,
    passwordHash: 'not-used',
  });
  const sessionId = randomUUID();
  await insertSession(db.pool, { id: sessionId, userId: row.id });
  const token = await tokens.sign({ userId: row.id, role, sessionId });
  return { id: row.id, token, on: (node: ServerNode) => new TestClient(node.url, { bearer: token }) };
}

interface LoggedRow {
  type: string;
  at: Date;
  data: { dispatch?: { wave: number; partnerIds: string[]; expiresAt: string }; wave?: number; reason?: string };
}

it('ends a wave on the surviving node within 2 s of its expiry after kill -9 of the node that offered it', async () => {
  const admin = await createUser('admin');
  const customer = await createUser('customer');
  const [nearer, farther] = await Promise.all([createUser('partner'), createUser('partner')]);
  const product = await createProduct(admin.on(nodeB), { stock: 10 });
  // Both partners are connected to node A and report their positions there (kept in Redis, for every node).
  for (const [partner, meters] of [
    [nearer, 100],
    [farther, 300],
  ] as const) {
    const socket = await connectListener(nodeA.url, { token: partner.token });
    expect(await socket.socket.emitWithAck('availability', { online: true })).toMatchObject({ ok: true });
    expect(await socket.socket.emitWithAck('location', north(STORE, meters))).toMatchObject({ ok: true });
  }

  const order = await placeOrder(customer.on(nodeA), [{ productId: product.id, quantity: 1 }]);
  await nodeA.kill();

  const log = async () =>
    (
      await db.pool.query<LoggedRow>(
        "SELECT type, at, data FROM events WHERE order_id = $1 AND type LIKE 'order.o%' ORDER BY id",
        [order.id],
      )
    ).rows;
  await waitUntil(async () => (await log()).some((e) => e.type === 'order.opened'), {
    timeoutMs: 4 * OFFER_SECONDS * 1000 + 10_000,
    what: 'the order to open after its two waves',
  });
  const events = await log();
  expect(events.map((e) => e.type)).toEqual([
    'order.offered',
    'order.offer_expired',
    'order.offered',
    'order.offer_expired',
    'order.opened',
  ]);
  const [wave1, expired1, wave2, expired2, opened] = events as [LoggedRow, LoggedRow, LoggedRow, LoggedRow, LoggedRow];
  expect(wave1.data.dispatch!.partnerIds).toEqual([nearer.id]);
  expect(wave2.data.dispatch!.partnerIds).toEqual([farther.id]);
  expect([expired1.data.wave, expired2.data.wave]).toEqual([1, 2]);
  expect(opened.data.reason).toBe('waves_exhausted');
  for (const [wave, expired] of [
    [wave1, expired1],
    [wave2, expired2],
  ] as const) {
    const late = expired.at.getTime() - Date.parse(wave.data.dispatch!.expiresAt);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(2_000);
  }
});
