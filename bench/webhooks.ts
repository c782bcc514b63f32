// Webhooks under load (ISSUE 14, "Benchmark"), on one node with the system PostgreSQL:
// (a) 10 endpoints (`*`) on a local receiver while orders are placed at 200/s: deliveries/s and the lag from
//     an event's commit (its `at`) to its arrival at the receiver, p50/p99 (first arrival of each seq at
//     each endpoint);
// (b) the drain: the 10 endpoints disabled while orders pile up, then enabled: deliveries/s when every
//     endpoint has a backlog (the most the delivery path does here);
// (c) the ceiling, in the same run: a bare undici POST loop, one sequential loop per endpoint (as webhooks
//     deliver: one in flight per endpoint), to the same receiver with bodies of the same size.
//
//   npm run bench:webhooks [-- --duration 15 --rate 200 --endpoints 10 --backlog 1500]
// The receiver and the load generator run in this process, on the same machine as the server.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { benchArgs } from './support/args.js';
import { benchPool, percentile, sleep, startBenchServer } from './support/bench-server.js';
import { onCleanup } from './support/processes.js';
import { writeResults } from './support/results.js';
import { createBenchProduct, createUsers } from './support/users.js';

const { values } = benchArgs(
  'Webhooks under load: deliveries/s to 10 endpoints, commit → delivery lag, the drain, beside bare undici (npm run bench:webhooks).',
  {
    options: {
      duration: { type: 'string', default: '15' },
      rate: { type: 'string', default: '200' },
      endpoints: { type: 'string', default: '10' },
      backlog: { type: 'string', default: '1500' },
    },
  },
);
const DURATION_S = Number(values.duration);
const RATE = Number(values.rate);
const ENDPOINTS = Number(values.endpoints);
const BACKLOG_ORDERS = Number(values.backlog);
const log = (line: string) => console.log(line);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Arrival {
  endpoint: number;
  seq: number;
  lagMs: number;
  at: number;
}

async function startReceiver() {
  const arrivals: Arrival[] = [];
  let bytes = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const body = Buffer.concat(chunks).toString();
      bytes = Math.max(bytes, body.length); // the ceiling posts bodies as large as the largest event
      const endpoint = Number((req.url ?? '/0').slice(1));
      if (endpoint >= 0 && req.headers['webhook-id']) {
        const event = JSON.parse(body) as { seq: number; at: string };
        arrivals.push({ endpoint, seq: event.seq, lagMs: now - Date.parse(event.at), at: now });
      }
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  onCleanup(async () => {
    server.closeAllConnections();
    server.close();
  });
  return { arrivals, url: (path: string) => `http://127.0.0.1:${port}${path}`, lastBodyBytes: () => bytes };
}

async function api<T>(baseUrl: string, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/api/v1${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, ok: res.ok, json: (text ? JSON.parse(text) : null) as T };
}

/** Places orders at `rate`/s for `seconds` (or `count` orders as fast as 32 clients go). */
async function placeOrders(
  url: string,
  customers: { token: string }[],
  order: () => unknown,
  { rate, seconds, count }: { rate?: number; seconds?: number; count?: number },
) {
  let placed = 0;
  let failed = 0;
  const started = performance.now();
  const total = count ?? Math.round((rate ?? 0) * (seconds ?? 0));
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async (_, worker) => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        if (rate) {
          const due = started + (i / rate) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
        }
        const res = await api(url, customers[(i + worker) % customers.length]!.token, 'POST', '/orders', order());
        if (res.ok) placed += 1;
        else if (++failed <= 3) log(`    order refused: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
      }
    }),
  );
  return { placed, failed, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const receiver = await startReceiver();
  const server = await startBenchServer('system', {
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_CONCURRENCY: String(ENDPOINTS),
    DISPATCH_MODE: 'broadcast',
    DATABASE_POOL_SIZE: '30',
  });
  const pool = benchPool(server.databaseUrl!);
  const [admin] = await createUsers(pool, 1, 'admin');
  const customers = await createUsers(pool, 64, 'customer');
  const productId = await createBenchProduct(pool);
  const { rows: stores } = await pool.query<{ lat: number; lng: number }>(
    'SELECT lat, lng FROM stores WHERE active ORDER BY created_at, id LIMIT 1',
  );
  const store = stores[0]!;
  let n = 0;
  const order = () => ({
    items: [{ productId, quantity: 1 }],
    address: `${++n} Bench Road`,
    location: { lat: store.lat + 0.001, lng: store.lng + 0.001 },
  });

  const ids: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const created = await api<{ webhook: { id: string } }>(server.url, admin!.token, 'POST', '/admin/webhooks', {
      url: receiver.url(`/${i}`),
      eventTypes: ['*'],
    });
    if (!created.ok) throw new Error(`create webhook: ${created.status} ${JSON.stringify(created.json)}`);
    ids.push(created.json.webhook.id);
  }
  await sleep(1_000);

  // (a) live: 200 orders/s.
  log(`(a) ${ENDPOINTS} endpoints, orders at ${RATE}/s for ${DURATION_S} s`);
  const liveFrom = receiver.arrivals.length;
  const liveStart = Date.now();
  const live = await placeOrders(server.url, customers, order, { rate: RATE, seconds: DURATION_S });
  const { rows: endRows } = await pool.query<{ seq: number }>('SELECT COALESCE(max(seq), 0)::int AS seq FROM events');
  const lastSeq = endRows[0]!.seq;
  const drainDeadline = Date.now() + 60_000;
  const caughtUp = () => {
    const reached = new Array(ENDPOINTS).fill(0);
    for (const a of receiver.arrivals) reached[a.endpoint] = Math.max(reached[a.endpoint], a.seq);
    return reached.every((seq) => seq >= lastSeq);
  };
  while (!caughtUp() && Date.now() < drainDeadline) await sleep(50);
  const liveArrivals = receiver.arrivals.slice(liveFrom);
  const seen = new Set<string>();
  const lags: number[] = [];
  for (const a of liveArrivals) {
    const key = `${a.endpoint}:${a.seq}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (a.at <= liveStart + DURATION_S * 1000 + 1000) lags.push(a.lagMs);
  }
  lags.sort((x, y) => x - y);
  const liveSeconds = (Math.max(...liveArrivals.map((a) => a.at)) - liveStart) / 1000;
  const liveResult = {
    ordersPlaced: live.placed,
    ordersFailed: live.failed,
    ordersPerSecond: round(live.placed / live.seconds),
    deliveries: liveArrivals.length,
    duplicates: liveArrivals.length - seen.size,
    deliveriesPerSecond: round(liveArrivals.length / liveSeconds),
    lagP50Ms: round(percentile(lags, 50)),
    lagP99Ms: round(percentile(lags, 99)),
    lagMaxMs: round(lags.at(-1) ?? Number.NaN),
    caughtUp: caughtUp(),
  };
  log(
    `    ${live.placed} orders (${live.failed} failed) at ${liveResult.ordersPerSecond}/s; ${liveResult.deliveries} deliveries, ` +
      `${liveResult.deliveriesPerSecond}/s; commit → delivery p50 ${liveResult.lagP50Ms} ms, p99 ${liveResult.lagP99Ms} ms, ` +
      `max ${liveResult.lagMaxMs} ms; duplicates ${liveResult.duplicates}`,
  );

  // (b) drain: every endpoint with a backlog.
  log(`(b) drain: ${BACKLOG_ORDERS} orders placed while the endpoints are disabled, then enabled`);
  for (const id of ids) await api(server.url, admin!.token, 'PATCH', `/admin/webhooks/${id}`, { enabled: false });
  await placeOrders(server.url, customers, order, { count: BACKLOG_ORDERS });
  await sleep(500);
  const { rows: backlogEnd } = await pool.query<{ seq: number }>(
    'SELECT COALESCE(max(seq), 0)::int AS seq FROM events',
  );
  const drainTo = backlogEnd[0]!.seq;
  const drainFrom = receiver.arrivals.length;
  const drainStart = Date.now();
  await Promise.all(
    ids.map((id) => api(server.url, admin!.token, 'PATCH', `/admin/webhooks/${id}`, { enabled: true })),
  );
  const drainEnd = Date.now() + 120_000;
  const drained = () => {
    const reached = new Array(ENDPOINTS).fill(0);
    for (const a of receiver.arrivals.slice(drainFrom)) reached[a.endpoint] = Math.max(reached[a.endpoint], a.seq);
    return reached.every((seq) => seq >= drainTo);
  };
  while (!drained() && Date.now() < drainEnd) await sleep(20);
  const drainArrivals = receiver.arrivals.slice(drainFrom);
  const drainSeconds = (Math.max(...drainArrivals.map((a) => a.at)) - drainStart) / 1000;
  const drainResult = {
    deliveries: drainArrivals.length,
    seconds: round(drainSeconds, 2),
    deliveriesPerSecond: round(drainArrivals.length / drainSeconds),
    complete: drained(),
  };
  log(`    ${drainResult.deliveries} deliveries in ${drainResult.seconds} s: ${drainResult.deliveriesPerSecond}/s`);

  // (c) ceiling: bare undici POSTs, one sequential loop per endpoint, same receiver, same body size.
  const body = JSON.stringify({ seq: 0, pad: 'x'.repeat(Math.max(0, receiver.lastBodyBytes() - 20)) });
  const agent = new Agent({ connections: 4 });
  const ceilingSeconds = 5;
  let posts = 0;
  const ceilingStart = performance.now();
  await Promise.all(
    Array.from({ length: ENDPOINTS }, async () => {
      while (performance.now() - ceilingStart < ceilingSeconds * 1000) {
        const res = await request(receiver.url('/-1'), {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json' },
          body,
        });
        await res.body.dump();
        posts += 1;
      }
    }),
  );
  await agent.close();
  const ceiling = {
    postsPerSecond: round(posts / ((performance.now() - ceilingStart) / 1000)),
    bodyBytes: body.length,
  };
  log(`(c) ceiling: bare undici POST loops (${ENDPOINTS} sequential): ${ceiling.postsPerSecond}/s`);
  log(
    `    webhooks reach ${round((drainResult.deliveriesPerSecond / ceiling.postsPerSecond) * 100)} % of the ceiling when draining`,
  );

  await pool.end();
  await server.stop();
  const file = writeResults('webhooks', {
    options: { durationS: DURATION_S, rate: RATE, endpoints: ENDPOINTS, backlogOrders: BACKLOG_ORDERS },
    live: liveResult,
    drain: drainResult,
    ceiling,
  });
  log(`results: ${file}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
