import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { deleteRedisKeys } from '../../test/support/redis-keys.js';
import { type ServerNode, startServerProcess } from '../../test/support/server-process.js';
import { TestClient } from '../../test/support/test-client.js';
import { insertSession } from '../auth/session-queries.js';
import { createAccessTokens } from '../auth/tokens.js';
import { appendEvent } from '../events/append-event.js';
import { sampleUserData } from '../events/testing/sample-event-data.js';
import { insertUser } from '../users/user-queries.js';
import { TestReceiver } from './testing/receiver.js';
import { WEBHOOK_LOCK_NAMESPACE } from './webhook-queries.js';

/**
 * Two real nodes (processes, with Redis) deliver to one endpoint: each event is acknowledged once, in order;
 * the node delivering is killed with -9 while a request is in flight, and the other goes on from the cursor:
 * nothing is lost (the event in flight is sent again, with the same webhook-id).
 */
const JWT_SECRET = 'webhooks-cluster-secret-that-is-long-enough-0123';
const tokens = createAccessTokens(JWT_SECRET, 3600);
const EVENTS = 300;
const HANG_AT = 120;

let db: TestDatabase;
let nodes: ServerNode[];
let env: Record<string, string>;
let receiver: TestReceiver;

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await TestReceiver.start();
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: inject('redisUrl')!,
    REDIS_PREFIX: `w${randomBytes(4).toString('hex')}`,
    JWT_SECRET,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  };
  nodes = await Promise.all([startServerProcess(env), startServerProcess(env)]);
}, 120_000);

afterAll(async () => {
  for (const node of nodes ?? []) await node.kill();
  await receiver?.close();
  await db?.drop();
  if (env) await deleteRedisKeys(env.REDIS_URL!, env.REDIS_PREFIX!);
});

async function adminClient(node: ServerNode): Promise<TestClient> {
  const row = await insertUser(db.pool, {
    email: `admin-${randomBytes(5).toString('hex')}@example.test`,
    name: 'Webhook admin',
    role: 'admin',
    passwordHash: 'not-used',
  });
  const sessionId = randomUUID();
  await insertSession(db.pool, { id: sessionId, userId: row.id });
  return new TestClient(node.url, { bearer: await tokens.sign({ userId: row.id, role: 'admin', sessionId }) });
}

/** The node process holding a connection whose client port is `port` (Linux: its sockets in /proc). */
function processOfClientPort(port: number, candidates: ServerNode[]): ServerNode | undefined {
  const table = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => readFileSync(file, 'utf8').split('\n').slice(1));
  const inode = table
    .map((line) => line.trim().split(/\s+/))
    .find((cols) => cols[1] && Number.parseInt(cols[1].split(':')[1]!, 16) === port)?.[9];
  if (!inode) return undefined;
  return candidates.find((node) =>
    readdirSync(`/proc/${node.child.pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${node.child.pid}/fd/${fd}`) === `socket:[${inode}]`;
      } catch {
        return false;
      }
    }),
  );
}

it('acknowledges each event once across two nodes, and loses nothing when the delivering node is killed', async () => {
  const admin = await adminClient(nodes[1]!);
  // The admin API, on either node: bad input is a 400, an unknown id a 404.
  expect((await admin.post('/api/v1/admin/webhooks', { url: 'ftp://x', eventTypes: ['*'] })).status).toBe(400);
  expect((await admin.post('/api/v1/admin/webhooks', { url: receiver.url(), eventTypes: [] })).status).toBe(400);
  expect((await admin.patch(`/api/v1/admin/webhooks/${randomUUID()}`, { enabled: false })).status).toBe(404);
  expect((await admin.get('/api/v1/admin/webhooks/not-a-uuid/deliveries')).status).toBe(400);
  const created = await admin.post('/api/v1/admin/webhooks', {
    url: receiver.url('/cluster'),
    eventTypes: ['user.registered'],
    description: 'two nodes',
  });
  expect(created.status).toBe(201);
  const { webhook, secret } = created.body as { webhook: { id: string }; secret: string };
  expect(secret).toMatch(/^whsec_/);
  expect(JSON.stringify((await admin.get('/api/v1/admin/webhooks')).body)).not.toContain(secret);

  // The HANG_AT-th of the events below hangs: counted as they arrive, so that it does not depend on when the
  // test learns their seqs (deliveries may start before it does).
  let hungSeq: number | undefined;
  const registered = new Set<number>();
  receiver.answer = (request) => {
    if (request.type === 'user.registered') registered.add(request.seq);
    if (hungSeq === undefined && request.type === 'user.registered' && registered.size === HANG_AT) {
      hungSeq = request.seq;
      return { status: 200, delayMs: 60_000 };
    }
    return { status: 200 };
  };
  let firstSeq = 0;
  for (let i = 0; i < EVENTS; i++) {
    await appendEvent(db.pool, {
      type: 'user.registered',
      actor: null,
      data: sampleUserData(),
      correlationId: 'webhooks-cluster',
    });
  }
  // The seq of the first of them, once stamped.
  for (;;) {
    const { rows } = await db.pool.query<{ seq: number | null }>(
      "SELECT min(seq) AS seq FROM events WHERE type = 'user.registered' AND correlation_id = 'webhooks-cluster'",
    );
    if (rows[0]!.seq) {
      firstSeq = rows[0]!.seq;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await receiver.until(() => hungSeq !== undefined, 30_000);
  const before = receiver.on('/cluster').map((r) => r.seq);
  expect(before).toEqual([...before].sort((a, b) => a - b)); // in order, none twice, across the two nodes
  expect(new Set(before).size).toBe(before.length);

  // The node holding the endpoint's lock is the one whose request hangs: kill it with -9.
  const { rows: holders } = await db.pool.query<{ client_port: number }>(
    `SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a USING (pid)
     WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.granted`,
    [WEBHOOK_LOCK_NAMESPACE],
  );
  expect(holders).toHaveLength(1);
  const delivering = processOfClientPort(holders[0]!.client_port, nodes);
  expect(delivering).toBeDefined();
  const survivor = nodes.find((node) => node !== delivering)!;
  await delivering!.kill();

  const seqs = Array.from({ length: EVENTS }, (_, i) => firstSeq + i);
  await receiver.until(() => new Set(receiver.on('/cluster').map((r) => r.seq)).size >= EVENTS, 60_000);
  const all = receiver.on('/cluster').map((r) => r.seq);
  expect([...new Set(all)]).toEqual(seqs); // nothing lost, in order
  // Only the event in flight at the kill was sent twice.
  const twice = all.filter((seq, i) => all.indexOf(seq) !== i);
  expect(twice).toEqual([hungSeq]);
  expect(hungSeq).toBe(firstSeq + HANG_AT - 1);

  // Each seq acknowledged exactly once; the cursor at the end.
  const survivorAdmin = await adminClient(survivor);
  for (let i = 0; i < 50; i++) {
    const listed = (await survivorAdmin.get('/api/v1/admin/webhooks')).body.items[0];
    if (listed.lastSeq >= seqs.at(-1)!) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { rows: acks } = await db.pool.query<{ seq: number; n: number }>(
    `SELECT seq, count(*)::int AS n FROM webhook_delivery_attempts
     WHERE webhook_id = $1 AND status = 'succeeded' GROUP BY seq ORDER BY seq`,
    [webhook.id],
  );
  expect(acks.map((a) => a.seq)).toEqual(seqs);
  expect(acks.every((a) => a.n === 1)).toBe(true);

  // What an operator sees: the health and the metrics of the survivor.
  const health = await survivorAdmin.get('/api/v1/events/health');
  expect(health.body.webhooks).toMatchObject({ enabledEndpoints: 1 });
  const metrics = await fetch(`${survivor.url}/metrics`).then((r) => r.text());
  expect(metrics).toMatch(
    new RegExp(`swyft_webhook_deliveries_total\\{webhook="${webhook.id}",outcome="succeeded"\\} \\d+`),
  );
  expect(metrics).toMatch(new RegExp(`swyft_webhook_backlog_events\\{webhook="${webhook.id}"\\} 0`));
  const openapi = (await fetch(`${survivor.url}/api-docs/openapi.json`).then((r) => r.json())) as {
    paths: Record<string, unknown>;
  };
  expect(Object.keys(openapi.paths)).toEqual(
    expect.arrayContaining(['/api/v1/admin/webhooks', '/api/v1/admin/webhooks/{id}/test']),
  );
  const deliveries = await survivorAdmin.get(`/api/v1/admin/webhooks/${webhook.id}/deliveries?limit=5`);
  expect(deliveries.status).toBe(200);
  expect(deliveries.body.items).toHaveLength(5);
  expect(deliveries.body.nextCursor).toEqual(expect.any(String));
});
