import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/test-node.js';
import { createProduct, moveOrder, placeOrder } from '../orders/testing/order-factories.js';
import { type OwnRedis, startOwnRedis } from './testing/redis-server.js';
import { connectListener, waitUntil } from './testing/socket-clients.js';

// Never the machine's Redis: other suites use it. This test stops and restarts a Redis of its own.
let redis: OwnRedis;
let node1: TestNode;
let node2: TestNode;
let node3: TestNode | undefined;

beforeAll(async () => {
  redis = await startOwnRedis();
  node1 = await startTestNode({ env: { REDIS_URL: redis.url } });
  node2 = await startTestNode({ db: node1.db, env: { REDIS_URL: redis.url } });
}, 60_000);

afterAll(async () => {
  await node3?.close();
  await node2?.close();
  await node1?.close();
  await redis?.stop();
});

it('keeps taking orders while Redis is down, resumes live delivery by itself when it returns, loses nothing', async () => {
  const admin = await node1.createUser('admin');
  const customer = await node1.createUser('customer');
  const partner = await node1.createUser('partner');
  const product = await createProduct(admin.client, { stock: 1_000 });
  const viaNode2 = (client: { baseUrl: string; bearer?: string }) => {
    const c = node2.client();
    c.bearer = client.bearer;
    return c;
  };
  const customerOn2 = viaNode2(customer.client);
  const partnerOn2 = viaNode2(partner.client);
  const line = [{ productId: product.id, quantity: 1 }];

  const live = await connectListener(node1.url, { token: customer.token, lastSeq: 0 });
  const partnerSocket = await connectListener(node2.url, { token: partner.token });
  const first = await placeOrder(customerOn2, line);
  await moveOrder(partnerOn2, first.id, 'accept');
  await waitUntil(() => live.events.length === 2, { what: 'live events through Redis' });

  await redis.stop();
  // The API keeps taking orders; delivery goes on, later, from the log.
  const placedWhileDown = [];
  for (let i = 0; i < 5; i++) placedWhileDown.push(await placeOrder(customerOn2, line));
  await moveOrder(partnerOn2, placedWhileDown[0]!.id, 'accept');
  await waitUntil(() => live.events.length === 8, { timeoutMs: 10_000, what: 'events while Redis is down' });
  // A client that resumes on the other node meanwhile gets them too.
  const resumedWhileDown = await connectListener(node2.url, { token: customer.token, lastSeq: 0 });
  await waitUntil(() => resumedWhileDown.resumedAt !== undefined && resumedWhileDown.events.length >= 8, {
    timeoutMs: 10_000,
    what: 'resume while Redis is down',
  });
  expect(resumedWhileDown.seqs()).toEqual(live.seqs());
  resumedWhileDown.close();

  await redis.start();
  // Live fan-out through Redis is back by itself: partner.location has no other path between nodes.
  await waitUntil(
    async () => {
      await partnerSocket.socket.timeout(2_000).emitWithAck('location', { lat: 1, lng: 2 });
      await sleep(200);
      return live.locations.length > 0;
    },
    { timeoutMs: 15_000, what: 'partner.location through Redis again' },
  );
  const afterReturn = await placeOrder(customerOn2, line);
  await waitUntil(() => live.events.some((e) => e.orderId === afterReturn.id), {
    timeoutMs: 5_000,
    what: 'a live event after Redis returned',
  });

  const { rows } = await node1.db.pool.query<{ seq: number }>(
    'SELECT seq FROM events WHERE $1 = ANY(audience_user_ids) ORDER BY seq',
    [customer.user.id],
  );
  expect(rows.length).toBe(9);
  expect(live.seqs()).toEqual(rows.map((r) => r.seq));
  const resumed = await connectListener(node1.url, { token: customer.token, lastSeq: 0 });
  await waitUntil(() => resumed.resumedAt !== undefined, { what: 'final resume' });
  expect(resumed.seqs()).toEqual(rows.map((r) => r.seq));
  for (const l of [live, partnerSocket, resumed]) l.close();
}, 60_000);

it('lets a node that started while Redis was down join the fan-out once Redis comes up', async () => {
  const admin = await node1.createUser('admin');
  const customer = await node1.createUser('customer');
  const partner = await node1.createUser('partner');
  const product = await createProduct(admin.client, { stock: 10 });
  const order = await placeOrder(customer.client, [{ productId: product.id, quantity: 1 }]);
  await moveOrder(partner.client, order.id, 'accept');
  const onNode1 = await connectListener(node1.url, { token: customer.token });

  await redis.stop();
  node3 = await startTestNode({ db: node1.db, env: { REDIS_URL: redis.url } });
  const partnerOn3 = await connectListener(node3.url, { token: partner.token });
  await sleep(1_500); // several reconnect attempts while down
  await redis.start();
  await waitUntil(
    async () => {
      await partnerOn3.socket.timeout(2_000).emitWithAck('location', { lat: 3, lng: 4 });
      await sleep(200);
      return onNode1.locations.length > 0;
    },
    { timeoutMs: 15_000, what: 'partner.location from the late node' },
  );
  expect(onNode1.locations[0]).toMatchObject({ partnerId: partner.user.id, orderId: order.id });
  onNode1.close();
  partnerOn3.close();
}, 60_000);

it('shuts a node down gracefully while Redis is down', async () => {
  const customer = await node2.createUser('customer');
  const listener = await connectListener(node2.url, { token: customer.token });
  await redis.stop();
  const started = Date.now();
  await node2.close();
  node2 = undefined as unknown as TestNode;
  expect(Date.now() - started).toBeLessThan(10_000);
  await waitUntil(() => !listener.socket.connected, { what: 'the socket closed' });
  await redis.start();
}, 60_000);
