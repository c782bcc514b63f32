// Orders per second: customers place one-line orders as fast as the server takes them, for 20 s at 32 and
// at 8 concurrent clients, on the system PostgreSQL and on the embedded one (or against a running server).
// Prints orders/s and p50/p99 latency, where the CPU time went, and writes bench/results/orders-<date>.json.
//
//   npm run bench:orders                          both databases, 32 and 8 clients, 20 s each
//   npm run bench:orders -- --db system --connections 32 --duration 10
//   npm run bench:orders -- --products 1          every order on one product (the hot-row case)
//   npm run bench:orders -- --idempotency         each order with its own Idempotency-Key
//   npm run bench:orders -- --location            also orders with a location (3 stores with delivery areas),
//                                                 each client count measured both ways, side by side
//   npm run bench:orders -- --profile             the server writes a V8 CPU profile to bench/results/profiles
//   npm run bench:orders -- --url http://localhost:3000 --admin admin@swyft.local:swyft-demo
// The measurement itself is `benchOrders` (the suite, bench/suite.ts, calls it too).
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchArgs } from './support/args.js';
import { type DatabaseKind, sleep, startBenchServer } from './support/bench-server.js';
import { busyPercent, cpuSeconds, machineTicks, round } from './support/proc-stats.js';
import { writeResults } from './support/results.js';

export interface OrdersOptions {
  /** Concurrent clients, one measurement each, in this order. */
  connections: number[];
  durationS: number;
  /** A run at the highest client count before measuring (JIT, plans, pools). */
  warmupS: number;
  products: number;
  customers: number;
  /** Each order with its own Idempotency-Key. */
  idempotency: boolean;
  /** email:password of an admin, who creates the products. */
  admin: string;
  /** Also measure orders that carry a location (served by the nearest store whose area holds it). */
  location: boolean;
}

export const ORDERS_DEFAULTS: OrdersOptions = {
  connections: [32, 8],
  durationS: 20,
  warmupS: 3,
  products: 100,
  customers: 64,
  idempotency: false,
  admin: 'admin@swyft.local:swyft-demo',
  location: false,
};

/** Three overlapping square areas (±2.5 km) in Berlin for the location runs; doors are drawn around them. */
const BENCH_STORES = [
  { lat: 52.52, lng: 13.4 },
  { lat: 52.5, lng: 13.43 },
  { lat: 52.54, lng: 13.42 },
];
const benchDoor = () => {
  const store = BENCH_STORES[Math.floor(Math.random() * BENCH_STORES.length)]!;
  return { lat: store.lat + (Math.random() - 0.5) * 0.04, lng: store.lng + (Math.random() - 0.5) * 0.06 };
};

/** What is measured: one URL (or several, connections spread over them), its processes, its database. */
export interface OrdersTarget {
  label: string;
  url: string | string[];
  /** Server processes, for CPU per order. */
  serverPids: number[];
  databaseUrl?: string;
}

export interface Shop {
  tokens: string[];
  productIds: string[];
  /**
   * Sets the scene of a run: without geography (the first wave), the default store delivers anywhere and
   * serves every order; with it, the default store has its area back (when it had one) and orders carry a
   * location.
   */
  setGeography(on: boolean): Promise<void>;
}

async function api<T>(base: string, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Products with plenty of stock, and customers with bearer tokens (one per connection or more). */
export async function openShop(
  base: string,
  options: Pick<OrdersOptions, 'admin' | 'products' | 'customers'> & { location?: boolean } = ORDERS_DEFAULTS,
): Promise<Shop> {
  const [email, password] = options.admin.split(':') as [string, string];
  const { accessToken: adminToken } = await api<{ accessToken: string }>(base, 'POST', '/auth/login', {
    email,
    password,
    client: 'token',
  });
  const productIds: string[] = [];
  for (let i = 0; i < options.products; i++) {
    const { product } = await api<{ product: { id: string } }>(
      base,
      'POST',
      '/products',
      { name: `Bench item ${i}`, priceCents: 100 + i, stock: 1_000_000 },
      adminToken,
    );
    productIds.push(product.id);
  }
  // Every store stocks the bench products (the demo city's stores too), so that whichever serves an order has them.
  const { items: stores } = await api<{ items: { id: string; createdAt: string; deliveryArea: unknown }[] }>(
    base,
    'GET',
    '/stores?all=true&limit=100',
    undefined,
    adminToken,
  );
  const stocked = productIds.map((productId) => ({ productId, stock: 1_000_000 }));
  for (const store of stores) await api(base, 'PUT', `/stores/${store.id}/stock`, { items: stocked }, adminToken);
  const defaultStore = [...stores].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0]!;
  for (const [i, location] of (options.location ? BENCH_STORES : []).entries()) {
    const half = 0.025;
    const ring = [
      [location.lng - half * 1.6, location.lat - half],
      [location.lng + half * 1.6, location.lat - half],
      [location.lng + half * 1.6, location.lat + half],
      [location.lng - half * 1.6, location.lat + half],
      [location.lng - half * 1.6, location.lat - half],
    ];
    const { store } = await api<{ store: { id: string } }>(
      base,
      'POST',
      '/stores',
      { name: `Bench store ${i}`, address: 'Bench', location, deliveryArea: { type: 'Polygon', coordinates: [ring] } },
      adminToken,
    );
    await api(base, 'PUT', `/stores/${store.id}/stock`, { items: stocked }, adminToken);
  }
  const setGeography = async (on: boolean) => {
    const deliveryArea = on ? defaultStore.deliveryArea : null;
    await api(base, 'PATCH', `/stores/${defaultStore.id}`, { deliveryArea }, adminToken);
  };
  await setGeography(false);
  const run = Date.now().toString(36);
  const tokens = await Promise.all(
    Array.from({ length: options.customers }, async (_, i) => {
      const { accessToken } = await api<{ accessToken: string }>(base, 'POST', '/auth/register', {
        name: `Bench customer ${i}`,
        email: `bench-${run}-${i}@example.test`,
        password: 'bench-password',
        client: 'token',
      });
      return accessToken;
    }),
  );
  return { tokens, productIds, setGeography };
}

function parentOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * The PostgreSQL processes that serve this server, by role: for the system PostgreSQL, the backends connected
 * to its database, split by application name (the request pool `swyft`, the event sequencer
 * `swyft-sequencer`, others); the cluster's shared background processes are left out, other databases use
 * them too. For the embedded cluster, every process under the server (postmaster, backends, WAL writer, ...).
 */
async function postgresPids(
  serverPid: number | undefined,
  databaseUrl: string | undefined,
): Promise<Record<string, number[]>> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number; name: string }>(
        `SELECT pid, CASE WHEN application_name IN ('swyft', 'swyft-sequencer') THEN application_name ELSE 'other' END
                AS name
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      const groups: Record<string, number[]> = {};
      for (const row of rows) groups[row.name] = [...(groups[row.name] ?? []), row.pid];
      return groups;
    } finally {
      await client.end();
    }
  }
  if (!serverPid) return {};
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let ancestor = parentOf(pid);
    for (let depth = 0; depth < 3 && ancestor > 1; depth++, ancestor = parentOf(ancestor)) {
      if (ancestor === serverPid) {
        pids.push(pid);
        break;
      }
    }
  }
  return { 'embedded cluster': pids };
}

/** autocannon placing one-line orders for `durationS` (connections spread over the URLs when several). */
export function fireOrders(
  url: string | string[],
  shop: Shop,
  connections: number,
  durationS: number,
  idempotency = false,
  location = false,
) {
  let n = 0;
  const run = Math.random().toString(36).slice(2, 10); // keys never repeat across runs
  return autocannon({
    url: url as string, // autocannon takes several URLs too (its types say one)
    connections,
    duration: durationS,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/orders',
        setupRequest: (request: any) => {
          n++;
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            authorization: `Bearer ${shop.tokens[n % shop.tokens.length]}`,
          };
          if (idempotency) headers['idempotency-key'] = `bench-${run}-${n}`;
          return {
            ...request,
            headers,
            body: JSON.stringify({
              items: [{ productId: shop.productIds[Math.floor(Math.random() * shop.productIds.length)], quantity: 1 }],
              address: `${n} Bench Street`,
              ...(location ? { location: benchDoor() } : {}),
            }),
          };
        },
      },
    ],
  });
}

/** Summary of an autocannon result for orders (placed = 2xx answers). */
export function orderFigures(result: autocannon.Result, durationS: number) {
  return {
    ordersPerSecond: Math.round(result['2xx'] / durationS),
    ordersPlaced: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
  };
}

export type OrdersRun = Awaited<ReturnType<typeof measure>>;

async function measure(
  target: OrdersTarget,
  shop: Shop,
  connections: number,
  options: OrdersOptions,
  location = false,
) {
  const postgres = await postgresPids(target.serverPids[0], target.databaseUrl);
  const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const postgresCpu = () => Object.fromEntries(Object.entries(postgres).map(([name, pids]) => [name, cpuOf(pids)]));
  const hasServer = target.serverPids.length > 0;
  const before = {
    server: cpuOf(target.serverPids),
    postgres: postgresCpu(),
    bench: process.cpuUsage(),
    machine: machineTicks(),
  };
  const result = await fireOrders(target.url, shop, connections, options.durationS, options.idempotency, location);
  const used = {
    server: hasServer ? cpuOf(target.serverPids) - before.server : Number.NaN,
    postgres: Object.fromEntries(
      Object.entries(postgresCpu()).map(([name, seconds]) => [name, seconds - (before.postgres[name] ?? 0)]),
    ),
    loadGenerator: (() => {
      const bench = process.cpuUsage(before.bench);
      return (bench.user + bench.system) / 1e6;
    })(),
  };
  const figures = orderFigures(result, options.durationS);
  const perOrderMs = (seconds: number) =>
    Number.isNaN(seconds) ? null : round((seconds * 1000) / Math.max(1, figures.ordersPlaced), 2);
  return {
    connections,
    location,
    durationS: options.durationS,
    ...figures,
    // Where the time goes: CPU time per placed order, by process.
    cpuMsPerOrder: {
      server: perOrderMs(used.server),
      postgres: perOrderMs(Object.values(used.postgres).reduce((sum, seconds) => sum + seconds, 0)),
      postgresBy: Object.fromEntries(
        Object.entries(used.postgres).map(([name, seconds]) => [name, perOrderMs(seconds)]),
      ),
      loadGenerator: perOrderMs(used.loadGenerator),
    },
    // How busy the whole machine was (other people's processes included): the numbers are only as good as this.
    machineBusyPercent: busyPercent(before.machine),
  };
}

async function countOrders(databaseUrl: string | undefined): Promise<number | null> {
  if (!databaseUrl) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM orders')).rows[0]!.n;
  } finally {
    await client.end();
  }
}

export function describeOrdersRun(label: string, run: OrdersRun): string {
  const cpu = run.cpuMsPerOrder;
  return (
    `${`${label}${run.location ? '+geo' : ''}`.padEnd(13)} ${String(run.connections).padStart(3)} clients: ${String(run.ordersPerSecond).padStart(5)} orders/s, ` +
    `p50 ${run.latencyMs.p50} ms, p90 ${run.latencyMs.p90} ms, p99 ${run.latencyMs.p99} ms, failed ${run.failed}; ` +
    `CPU ms per order: server ${cpu.server ?? '?'}, postgres ${cpu.postgres} ${JSON.stringify(cpu.postgresBy)}, ` +
    `load generator ${cpu.loadGenerator}; machine ${run.machineBusyPercent}% busy`
  );
}

/**
 * Orders/s and latency at each client count against one target, after a warm-up; then checks that the
 * database holds as many new orders as were answered 201 (a problem is reported, not thrown).
 */
export async function benchOrders(
  target: OrdersTarget,
  options: OrdersOptions = ORDERS_DEFAULTS,
  shop?: Shop,
  log: (line: string) => void = console.log,
) {
  const firstUrl = Array.isArray(target.url) ? target.url[0]! : target.url;
  const theShop = shop ?? (await openShop(firstUrl, options));
  if (options.warmupS > 0) {
    await fireOrders(target.url, theShop, Math.max(...options.connections), options.warmupS, options.idempotency);
    if (options.location) {
      await theShop.setGeography(true);
      const warm = Math.max(...options.connections);
      await fireOrders(target.url, theShop, warm, options.warmupS, options.idempotency, true);
    }
  }
  await sleep(1000); // let the requests still in flight when the warm-up stopped finish before counting
  const before = await countOrders(target.databaseUrl);
  const runs: OrdersRun[] = [];
  for (const connections of options.connections) {
    for (const location of options.location ? [false, true] : [false]) {
      if (options.location) await theShop.setGeography(location);
      const run = await measure(target, theShop, connections, options, location);
      runs.push(run);
      await sleep(1000);
      log(describeOrdersRun(target.label, run));
    }
  }
  const after = await countOrders(target.databaseUrl);
  const placed = runs.reduce((sum, run) => sum + run.ordersPlaced, 0);
  // Requests still in flight when a run's clock stops are placed but not counted by autocannon.
  const inFlight = options.connections.reduce((sum, n) => sum + n, 0) * (options.location ? 2 : 1);
  const problems: string[] = [];
  for (const run of runs) {
    if (run.failed > 0) problems.push(`${target.label}, ${run.connections} clients: ${run.failed} requests failed`);
  }
  if (before !== null && after !== null && (after - before < placed || after - before > placed + inFlight)) {
    problems.push(
      `${target.label}: the server answered 201 for ${placed} orders but the database holds ${after - before} new ones`,
    );
  }
  return {
    target: target.label,
    runs,
    databaseCheck: before === null || after === null ? null : { answered201: placed, newRows: after - before },
    problems,
    shop: theShop,
  };
}

export async function postgresVersion(databaseUrl: string | undefined): Promise<string | null> {
  if (!databaseUrl) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  } finally {
    await client.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values: args } = benchArgs(
    'Orders per second and p50/p99 latency on the system and the embedded PostgreSQL (npm run bench:orders).',
    {
      options: {
        db: { type: 'string', default: 'both' },
        url: { type: 'string' },
        admin: { type: 'string', default: ORDERS_DEFAULTS.admin },
        duration: { type: 'string', default: String(ORDERS_DEFAULTS.durationS) },
        connections: { type: 'string', default: ORDERS_DEFAULTS.connections.join(',') },
        products: { type: 'string', default: String(ORDERS_DEFAULTS.products) },
        customers: { type: 'string', default: String(ORDERS_DEFAULTS.customers) },
        warmup: { type: 'string', default: String(ORDERS_DEFAULTS.warmupS) },
        idempotency: { type: 'boolean', default: false },
        location: { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        name: { type: 'string', default: 'orders' },
      },
    },
  );
  const options: OrdersOptions = {
    connections: args.connections.split(',').map(Number),
    durationS: Number(args.duration),
    warmupS: Number(args.warmup),
    products: Number(args.products),
    customers: Number(args.customers),
    idempotency: args.idempotency,
    admin: args.admin,
    location: args.location,
  };
  const profileDir = path.resolve('bench/results/profiles');
  const settings = {
    ...options,
    admin: undefined,
    linesPerOrder: 1,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
  };
  console.log(`orders bench: ${JSON.stringify(settings)}`);
  const targets = [];
  const report = ({ shop: _, ...rest }: Awaited<ReturnType<typeof benchOrders>>) => {
    for (const problem of rest.problems) console.log(`PROBLEM: ${problem}`);
    return rest;
  };
  if (args.url) {
    targets.push(report(await benchOrders({ label: 'server', url: args.url, serverPids: [] }, options)));
  } else {
    const kinds: DatabaseKind[] = args.db === 'both' ? ['system', 'embedded'] : [args.db as DatabaseKind];
    for (const kind of kinds) {
      const server = await startBenchServer(kind, {
        ...(args.profile
          ? {
              NODE_OPTIONS: `--import tsx --import ${path.resolve('bench/orders-profile-preload.ts')}`,
              SWYFT_CPU_PROFILE_DIR: profileDir,
            }
          : {}),
      });
      try {
        const target = {
          label: kind,
          url: server.url,
          serverPids: [server.child.pid!],
          databaseUrl: server.databaseUrl,
        };
        targets.push({
          ...report(await benchOrders(target, options)),
          postgres: await postgresVersion(server.databaseUrl),
        });
      } finally {
        await server.stop();
      }
    }
    if (args.profile) console.log(`CPU profiles in ${profileDir} (open in Chrome DevTools or speedscope)`);
  }
  console.log(`written to ${writeResults(args.name, { settings, targets })}`);
}
