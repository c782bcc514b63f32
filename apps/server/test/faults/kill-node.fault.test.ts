import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { connectListener, waitUntil } from '../../src/realtime/testing/socket-clients.js';
import { createFaultCluster, type FaultCluster } from '../support/fault-cluster.js';
import { expectIntegrity, expectOrdersExist } from '../support/integrity.js';
import { startOrderLoad } from '../support/order-load.js';
import type { ServerNode } from '../support/server-process.js';

const STOCK = 1_000_000;
let cluster: FaultCluster;

beforeAll(async () => {
  cluster = await createFaultCluster({ redisUrl: inject('redisUrl')! });
});

afterAll(async () => {
  await cluster?.close();
});

const alive = (node: ServerNode) => node.child.exitCode === null && node.child.signalCode === null;

// Any node can die at any time (ARCHITECTURE.md): its requests in flight are retried on the other node with
// their Idempotency-Key, the survivor takes over sequencing, and nothing committed is lost or applied twice.
it('loses nothing when the sequencing node is killed with -9 under load: the survivor takes over', async () => {
  const nodes = await Promise.all([cluster.startNode(), cluster.startNode()]);
  const [admin] = await cluster.signIn('admin', 1);
  // The node that holds the sequencer lock is the one to kill: the other must take over.
  let sequencing: ServerNode | undefined;
  await waitUntil(
    async () => {
      for (const node of nodes) {
        if ((await admin!.on(node.url).get('/api/v1/events/health')).body.node.isSequencer) sequencing = node;
      }
      return sequencing !== undefined;
    },
    { what: 'a node to hold the sequencer lock' },
  );
  const nodeA = sequencing!;
  const nodeB = nodes.find((node) => node !== nodeA)!;
  const customers = await cluster.signIn('customer', 10);
  const partners = await cluster.signIn('partner', 3);
  const products = await cluster.createProducts(admin!, [STOCK, STOCK]);
  const watcher = await connectListener(nodeB.url, { token: customers[0]!.token, lastSeq: 0 });
  const load = startOrderLoad({
    // As a load balancer does once its health check fails, clients stop choosing the dead node; the
    // requests in flight to it fail and are retried on the other.
    urls: () => [nodeA, nodeB].filter(alive).map((node) => node.url),
    customers,
    partners,
    productIds: products.map((p) => p.id),
    concurrency: 30,
  });
  await load.answered(60);

  await nodeA.kill();
  await load.answered(60); // on the survivor alone
  const report = await load.stop();

  expect(alive(nodeB), `node B died:\n${nodeB.output().slice(-4_000)}`).toBe(true);
  expect(report.problems).toEqual([]);
  for (const status of Object.keys(report.statuses)) expect(['200', '201', '409', 'network']).toContain(status);
  await cluster.waitUntilRecovered(nodeB, admin!);
  await expectOrdersExist(cluster.db.pool, report.placed);
  await expectIntegrity(cluster.db.pool, new Map(products.map((p) => [p.id, STOCK])));

  const { rows } = await cluster.db.pool.query<{ seq: number }>(
    'SELECT seq FROM events WHERE $1 = ANY(audience_user_ids) ORDER BY seq',
    [customers[0]!.id],
  );
  await waitUntil(() => watcher.events.length >= rows.length, { what: 'every event on the watching socket' });
  expect(watcher.seqs()).toEqual(rows.map((row) => row.seq));
  watcher.close();
});
