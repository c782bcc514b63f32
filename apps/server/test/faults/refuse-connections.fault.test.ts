import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { waitUntil } from '../../src/realtime/testing/socket-clients.js';
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

// A database that refuses connections (SQLSTATE 55000 here; a restart, max_connections or a network cut
// look alike to the node) is a dependency that is down: 503 `unavailable` with retry-after, never 500, and
// everything comes back by itself once it accepts connections again.
it('answers 503 unavailable with retry-after while its database refuses connections, and recovers by itself', async () => {
  const node = await cluster.startNode();
  const [admin] = await cluster.signIn('admin', 1);
  const customers = await cluster.signIn('customer', 10);
  const partners = await cluster.signIn('partner', 3);
  const products = await cluster.createProducts(admin!, [STOCK, STOCK]);
  const load = startOrderLoad({
    urls: () => [node.url],
    customers,
    partners,
    productIds: products.map((p) => p.id),
    concurrency: 30,
  });
  await load.answered(30);

  await cluster.allowConnections(false);
  await cluster.terminateBackends(); // the connections it holds go too, so it must open new ones
  try {
    await waitUntil(async () => (await fetch(`${node.url}/readyz`)).status === 503, {
      timeoutMs: 10_000,
      what: '/readyz to say 503',
    });
    const refused = await customers[0]!.on(node.url).post('/api/v1/orders', {
      items: [{ productId: products[0]!.id, quantity: 1 }],
      address: '1 Refused Street',
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.body).toEqual({
      error: { code: 'unavailable', message: expect.any(String), details: {}, requestId: expect.any(String) },
    });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await sleep(2_000); // the load meets the refusal for a while
  } finally {
    await cluster.allowConnections(true);
  }
  await cluster.waitUntilRecovered(node, admin!);
  const placedBefore = load.report.placed.size;
  await load.answered(30);
  const report = await load.stop();
  expect(report.placed.size).toBeGreaterThan(placedBefore); // orders are taken again

  expect(node.child.exitCode, `the node died:\n${node.output().slice(-4_000)}`).toBeNull();
  expect(report.problems).toEqual([]);
  expect(report.statuses['503']).toBeGreaterThan(0);
  for (const status of Object.keys(report.statuses)) expect(['200', '201', '409', '503']).toContain(status);
  await expectOrdersExist(cluster.db.pool, report.placed);
  await expectIntegrity(cluster.db.pool, new Map(products.map((p) => [p.id, STOCK])));
});
