import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type OwnRedis, startOwnRedis } from '../../src/realtime/testing/redis-server.js';
import { connectListener, waitUntil } from '../../src/realtime/testing/socket-clients.js';
import { createFaultCluster, type FaultCluster } from '../support/fault-cluster.js';
import { expectIntegrity, expectOrdersExist } from '../support/integrity.js';
import { startOrderLoad } from '../support/order-load.js';

const STOCK = 1_000_000;
// Never the machine's Redis: other suites use it. This test stops and restarts a Redis of its own.
let redis: OwnRedis;
let cluster: FaultCluster;

beforeAll(async () => {
  redis = await startOwnRedis();
  cluster = await createFaultCluster({ redisUrl: redis.url });
});

afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
});

// Redis carries nothing that cannot be lost (README, Scaling out): while it is down both nodes keep taking
// orders and deliver from the log; when it returns, nothing was lost or written twice.
it('keeps two nodes taking orders under load while Redis is down, and loses nothing when it returns', async () => {
  const [nodeA, nodeB] = await Promise.all([cluster.startNode(), cluster.startNode()]);
  const [admin] = await cluster.signIn('admin', 1);
  const customers = await cluster.signIn('customer', 10);
  const partners = await cluster.signIn('partner', 3);
  const products = await cluster.createProducts(admin!, [STOCK, STOCK]);
  // A customer watching live on node A, whose orders are placed through both nodes.
  const watcher = await connectListener(nodeA.url, { token: customers[0]!.token, lastSeq: 0 });
  const load = startOrderLoad({
    urls: () => [nodeA.url, nodeB.url],
    customers,
    partners,
    productIds: products.map((p) => p.id),
    concurrency: 30,
  });
  await load.answered(30);

  await redis.stop();
  await load.answered(60); // taken while Redis is down
  await sleep(1_000);
  await redis.start();
  await load.answered(30);
  const report = await load.stop();

  for (const node of [nodeA, nodeB]) {
    expect(node.child.exitCode, `a node died:\n${node.output().slice(-4_000)}`).toBeNull();
  }
  expect(report.problems).toEqual([]);
  for (const status of Object.keys(report.statuses)) expect(['200', '201', '409']).toContain(status);
  // One of the two sequences; both deliver everything.
  await cluster.waitUntilRecovered(nodeA, admin!, { sequencer: false });
  await cluster.waitUntilRecovered(nodeB, admin!, { sequencer: false });
  await expectOrdersExist(cluster.db.pool, report.placed);
  await expectIntegrity(cluster.db.pool, new Map(products.map((p) => [p.id, STOCK])));

  // Every event of the watcher's orders reached it, in seq order, once.
  const { rows } = await cluster.db.pool.query<{ seq: number }>(
    'SELECT seq FROM events WHERE $1 = ANY(audience_user_ids) ORDER BY seq',
    [customers[0]!.id],
  );
  await waitUntil(() => watcher.events.length >= rows.length, { what: 'every event on the watching socket' });
  expect(watcher.seqs()).toEqual(rows.map((row) => row.seq));
  watcher.close();
});
