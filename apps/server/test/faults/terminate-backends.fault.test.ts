import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createFaultCluster, type FaultCluster } from '../support/fault-cluster.js';
import { expectIntegrity, expectOrdersExist } from '../support/integrity.js';
import { startOrderLoad } from '../support/order-load.js';

const STOCK = 1_000_000;
let cluster: FaultCluster;

beforeAll(async () => {
  cluster = await createFaultCluster({ redisUrl: inject('redisUrl')! });
});

afterAll(async () => {
  await cluster?.close();
});

// What a failover, a restart or idle_session_timeout of a managed database does to every connection a node
// holds: pool clients idle or in the middle of a transaction, and the sequencer's own (its lock and LISTEN).
it('stays up while its database backends are terminated again and again under load: 503s only, nothing lost or half-written', async () => {
  const node = await cluster.startNode();
  const [admin] = await cluster.signIn('admin', 1);
  const customers = await cluster.signIn('customer', 10);
  const partners = await cluster.signIn('partner', 3);
  const products = await cluster.createProducts(admin!, [STOCK, STOCK, STOCK]);
  const load = startOrderLoad({
    urls: () => [node.url],
    customers,
    partners,
    productIds: products.map((p) => p.id),
    concurrency: 30,
  });
  await load.answered(30);

  let terminated = 0;
  const until = Date.now() + 10_000;
  while (Date.now() < until && node.child.exitCode === null) {
    terminated += await cluster.terminateBackends();
    await sleep(100 + Math.random() * 200);
  }
  await load.answered(30); // served again after the last round
  const report = await load.stop();

  expect(node.child.exitCode, `the node died:\n${node.output().slice(-4_000)}`).toBeNull();
  expect(terminated).toBeGreaterThan(0);
  expect(report.problems).toEqual([]);
  expect(report.statuses['503']).toBeGreaterThan(0); // requests in flight were hit
  expect(report.statuses['201']).toBeGreaterThan(0);
  for (const status of Object.keys(report.statuses)) expect(['200', '201', '409', '503']).toContain(status);

  await cluster.waitUntilRecovered(node, admin!);
  await expectOrdersExist(cluster.db.pool, report.placed);
  await expectIntegrity(cluster.db.pool, new Map(products.map((p) => [p.id, STOCK])));
});
