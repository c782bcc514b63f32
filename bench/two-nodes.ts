// Two nodes with Redis (the topology of `npm run cluster`, scripts/cluster.ts, with two nodes): the
// cross-node latency (status changes made through one node, received by customers connected to the other,
// both ways round: the sequencer's node to the other goes over Redis), and
// orders/s with the load on one node versus split over both (same database, same Redis).
//
//   npm run bench:two-nodes [-- --duration 10 --connections 32]
// `runTwoNodes` is what the suite calls.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster } from '../scripts/cluster.js';
import { benchOrders, ORDERS_DEFAULTS, type OrdersOptions, openShop } from './orders.js';
import { LATENCY_DEFAULTS, type LatencyOptions, type LatencyResult, measureChangeLatency } from './realtime-latency.js';
import { benchArgs } from './support/args.js';
import { BENCH_JWT_SECRET, benchPool, createBenchDatabase } from './support/bench-server.js';
import { onCleanup } from './support/processes.js';
import { writeResults } from './support/results.js';
import { createUsers } from './support/users.js';

export interface TwoNodesOptions {
  latency: LatencyOptions;
  orders: Pick<OrdersOptions, 'connections' | 'durationS' | 'warmupS'>;
  redisUrl: string;
}

export const TWO_NODES_DEFAULTS: TwoNodesOptions = {
  latency: { ...LATENCY_DEFAULTS, durationS: 15 },
  orders: { connections: [32], durationS: 15, warmupS: 3 },
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

async function isSequencer(url: string, adminToken: string): Promise<boolean> {
  const res = await fetch(`${url}/api/v1/events/health`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (!res.ok) throw new Error(`GET /events/health: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { node: { isSequencer: boolean } }).node.isSequencer;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function runTwoNodes(
  options: TwoNodesOptions = TWO_NODES_DEFAULTS,
  log: (line: string) => void = console.log,
) {
  const database = await createBenchDatabase('swyft_bench_cluster');
  const workDir = mkdtempSync(path.join(tmpdir(), 'swyft-bench-cluster-'));
  const cluster = await startCluster({
    databaseUrl: database.url,
    redisUrl: options.redisUrl,
    redisPrefix: `bench${Date.now().toString(36)}`,
    port: await freePort(),
    nodePorts: [await freePort(), await freePort()],
    workDir,
    env: {
      JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'true',
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '100000000',
      LOGIN_FAILURES_PER_ACCOUNT: '100000000',
    },
  });
  const stopCluster = async () => {
    unregister();
    await cluster.stop();
  };
  const unregister = onCleanup(stopCluster);
  const pool = benchPool(database.url);
  try {
    // One node stamps every event's seq (the sequencer) and hands it to the other over Redis. So, both ways:
    // a change through the sequencer's node to a customer on the other crosses Redis; a change through the
    // other node reaches the sequencer's node through PostgreSQL (its NOTIFY) and is delivered there.
    const [admin] = await createUsers(pool, 1, 'admin');
    const roles = await Promise.all(cluster.nodes.map((node) => isSequencer(node.url, admin!.token)));
    const sequencer = cluster.nodes[roles.indexOf(true)];
    const other = cluster.nodes[roles.indexOf(false)];
    if (!sequencer || !other) throw new Error(`expected one sequencer among the two nodes, got ${roles}`);
    const [a, b] = cluster.nodes as [typeof sequencer, typeof sequencer];
    log(
      `two nodes: ${a.url}, ${b.url}; sequencer ${sequencer.url} (Redis ${options.redisUrl}); ` +
        `nginx ${cluster.url} not in the measured path`,
    );
    const crossNode: Record<'overRedis' | 'overPostgres', LatencyResult> = {} as never;
    for (const [way, through, to] of [
      ['overRedis', sequencer, other],
      ['overPostgres', other, sequencer],
    ] as const) {
      crossNode[way] = await measureChangeLatency(through.url, to.url, pool, options.latency);
      const s = crossNode[way].statusChangeToCustomer;
      log(
        `two nodes: change through ${through.url}${through === sequencer ? ' (sequencer)' : ''} → customer on ` +
          `${to.url}: p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms (${s.samples} samples, ${s.missing} missing, ` +
          `${crossNode[way].failedRequests} failed requests)`,
      );
    }
    const ordersOptions: OrdersOptions = { ...ORDERS_DEFAULTS, ...options.orders };
    const shop = await openShop(a.url, ordersOptions);
    const oneNode = await benchOrders(
      { label: '1 node', url: a.url, serverPids: [a.child.pid!], databaseUrl: database.url },
      ordersOptions,
      shop,
    );
    const twoNodes = await benchOrders(
      { label: '2 nodes', url: [a.url, b.url], serverPids: [a.child.pid!, b.child.pid!], databaseUrl: database.url },
      ordersOptions,
      shop,
    );
    const strip = ({ shop: _, ...rest }: typeof oneNode) => rest;
    return { crossNode, oneNode: strip(oneNode), twoNodes: strip(twoNodes) };
  } finally {
    await pool.end();
    await stopCluster();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

export type TwoNodesResult = Awaited<ReturnType<typeof runTwoNodes>>;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = benchArgs(
    'Two nodes with Redis: cross-node latency, and orders/s on one node versus two (npm run bench:two-nodes).',
    {
      options: {
        duration: { type: 'string', default: String(TWO_NODES_DEFAULTS.orders.durationS) },
        connections: { type: 'string', default: TWO_NODES_DEFAULTS.orders.connections.join(',') },
      },
    },
  );
  const durationS = Number(values.duration);
  const result = await runTwoNodes({
    ...TWO_NODES_DEFAULTS,
    latency: { ...TWO_NODES_DEFAULTS.latency, durationS },
    orders: { ...TWO_NODES_DEFAULTS.orders, durationS, connections: values.connections.split(',').map(Number) },
  });
  console.log(`written to ${writeResults('two-nodes', result)}`);
}
