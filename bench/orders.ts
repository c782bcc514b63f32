// Orders per second: customers place one-line orders as fast as the server takes them, for 20 s at 32 and
// at 8 concurrent clients, on the system PostgreSQL and on the embedded one (or against a running server).
// Prints orders/s and p50/p99 latency, where the CPU time went, and writes bench/results/orders-<date>.json.
//
//   npm run bench:orders                          both databases, 32 and 8 clients, 20 s each
//   npm run bench:orders -- --db system --connections 32 --duration 10
//   npm run bench:orders -- --products 1          every order on one product (the hot-row case)
//   npm run bench:orders -- --idempotency         each order with its own Idempotency-Key
//   npm run bench:orders -- --profile             the server writes a V8 CPU profile to bench/results/profiles
//   npm run bench:orders -- --url http://localhost:3000 --admin admin@swyft.local:swyft-demo
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { type DatabaseKind, sleep, startBenchServer } from './support/bench-server.js';
import { writeResults } from './support/results.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    url: { type: 'string' },
    admin: { type: 'string', default: 'admin@swyft.local:swyft-demo' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32,8' },
    products: { type: 'string', default: '100' },
    customers: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '3' },
    idempotency: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    name: { type: 'string', default: 'orders' },
  },
});
const DURATION_S = Number(args.duration);
const CONNECTIONS = args.connections.split(',').map(Number);
const PRODUCTS = Number(args.products);
const CUSTOMERS = Number(args.customers);
const WARMUP_S = Number(args.warmup);
const PROFILE_DIR = path.resolve('bench/results/profiles');

interface Shop {
  tokens: string[];
  productIds: string[];
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
async function openShop(base: string): Promise<Shop> {
  const [email, password] = args.admin.split(':') as [string, string];
  const { accessToken: adminToken } = await api<{ accessToken: string }>(base, 'POST', '/auth/login', {
    email,
    password,
    client: 'token',
  });
  const productIds: string[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const { product } = await api<{ product: { id: string } }>(
      base,
      'POST',
      '/products',
      { name: `Bench item ${i}`, priceCents: 100 + i, stock: 1_000_000 },
      adminToken,
    );
    productIds.push(product.id);
  }
  const run = Date.now().toString(36);
  const tokens = await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const { accessToken } = await api<{ accessToken: string }>(base, 'POST', '/auth/register', {
        name: `Bench customer ${i}`,
        email: `bench-${run}-${i}@example.test`,
        password: 'bench-password',
        client: 'token',
      });
      return accessToken;
    }),
  );
  return { tokens, productIds };
}

/** CPU seconds used so far by a process (from /proc; Linux only). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return 0;
  }
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

/** Busy and total CPU time of the whole machine so far (everyone's processes), in clock ticks. */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

function fire(base: string, shop: Shop, connections: number, durationS: number) {
  let n = 0;
  const run = Math.random().toString(36).slice(2, 10); // keys never repeat across runs
  return autocannon({
    url: base,
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
          if (args.idempotency) headers['idempotency-key'] = `bench-${run}-${n}`;
          return {
            ...request,
            headers,
            body: JSON.stringify({
              items: [{ productId: shop.productIds[Math.floor(Math.random() * shop.productIds.length)], quantity: 1 }],
              address: `${n} Bench Street`,
            }),
          };
        },
      },
    ],
  });
}

async function measure(base: string, server: { pid?: number; databaseUrl?: string }, shop: Shop, connections: number) {
  const postgres = await postgresPids(server.pid, server.databaseUrl);
  const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const postgresCpu = () => Object.fromEntries(Object.entries(postgres).map(([name, pids]) => [name, cpuOf(pids)]));
  const before = {
    server: server.pid ? cpuSeconds(server.pid) : 0,
    postgres: postgresCpu(),
    bench: process.cpuUsage(),
    machine: machineTicks(),
  };
  const result = await fire(base, shop, connections, DURATION_S);
  const used = {
    server: server.pid ? cpuSeconds(server.pid) - before.server : Number.NaN,
    postgres: Object.fromEntries(
      Object.entries(postgresCpu()).map(([name, seconds]) => [name, seconds - (before.postgres[name] ?? 0)]),
    ),
    loadGenerator: (() => {
      const bench = process.cpuUsage(before.bench);
      return (bench.user + bench.system) / 1e6;
    })(),
  };
  const machine = machineTicks();
  const placed = result['2xx'];
  const perOrderMs = (seconds: number) => (Number.isNaN(seconds) ? null : round((seconds * 1000) / placed, 2));
  return {
    connections,
    durationS: DURATION_S,
    ordersPerSecond: Math.round(placed / DURATION_S),
    ordersPlaced: placed,
    failed: result.non2xx + result.errors + result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
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
    machineBusyPercent: Math.round(
      (100 * (machine.busy - before.machine.busy)) / Math.max(1, machine.total - before.machine.total),
    ),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

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

async function benchOne(label: string, base: string, serverPid?: number, databaseUrl?: string) {
  const server = { pid: serverPid, databaseUrl };
  const shop = await openShop(base);
  if (WARMUP_S > 0) await fire(base, shop, Math.max(...CONNECTIONS), WARMUP_S);
  await sleep(1000); // let the requests still in flight when the warm-up stopped finish before counting
  const before = await countOrders(databaseUrl);
  const runs = [];
  for (const connections of CONNECTIONS) {
    const run = await measure(base, server, shop, connections);
    runs.push(run);
    await sleep(1000);
    const cpu = run.cpuMsPerOrder;
    console.log(
      `${label.padEnd(9)} ${String(connections).padStart(3)} clients: ${String(run.ordersPerSecond).padStart(5)} orders/s, ` +
        `p50 ${run.latencyMs.p50} ms, p90 ${run.latencyMs.p90} ms, p99 ${run.latencyMs.p99} ms, failed ${run.failed}; ` +
        `CPU ms per order: server ${cpu.server ?? '?'}, postgres ${cpu.postgres} ${JSON.stringify(cpu.postgresBy)}, ` +
        `load generator ${cpu.loadGenerator}; ` +
        `machine ${run.machineBusyPercent}% busy`,
    );
  }
  const after = await countOrders(databaseUrl);
  const placed = runs.reduce((sum, run) => sum + run.ordersPlaced, 0);
  // Requests still in flight when a run's clock stops are placed but not counted by autocannon.
  const inFlight = CONNECTIONS.reduce((sum, n) => sum + n, 0);
  if (before !== null && after !== null && (after - before < placed || after - before > placed + inFlight)) {
    throw new Error(`the server answered 201 for ${placed} orders but the database holds ${after - before} new ones`);
  }
  return { target: label, runs };
}

async function postgresVersion(databaseUrl: string | undefined): Promise<string | null> {
  if (!databaseUrl) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ v: string }>('SHOW server_version')).rows[0]!.v;
  } finally {
    await client.end();
  }
}

const settings = {
  durationS: DURATION_S,
  connections: CONNECTIONS,
  products: PRODUCTS,
  customers: CUSTOMERS,
  linesPerOrder: 1,
  idempotencyKeys: args.idempotency,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
};
console.log(`orders bench: ${JSON.stringify(settings)}`);
const targets = [];
if (args.url) {
  targets.push(await benchOne('server', args.url));
} else {
  const kinds: DatabaseKind[] = args.db === 'both' ? ['system', 'embedded'] : [args.db as DatabaseKind];
  for (const kind of kinds) {
    const server = await startBenchServer(kind, {
      ...(args.profile
        ? {
            NODE_OPTIONS: `--import tsx --import ${path.resolve('bench/orders-profile-preload.ts')}`,
            SWYFT_CPU_PROFILE_DIR: PROFILE_DIR,
          }
        : {}),
    });
    try {
      const target = await benchOne(kind, server.url, server.child.pid, server.databaseUrl);
      targets.push({ ...target, postgres: await postgresVersion(server.databaseUrl) });
    } finally {
      await server.stop();
    }
  }
  if (args.profile) console.log(`CPU profiles in ${PROFILE_DIR} (open in Chrome DevTools or speedscope)`);
}
console.log(`written to ${writeResults(args.name, { settings, targets })}`);
