// Real-time figures (ISSUE 4): with N idle authenticated sockets connected (default 10,000) and a steady
// stream of order status changes, the time from a status request's response to the customer's receipt of
// the event (p50/p99), the server's RSS per idle connection, and the most sockets the node held.
// `npm run bench:realtime` (raises `ulimit -n` to the hard limit first: each socket is a file descriptor on
// both sides). Knobs: BENCH_SOCKETS, BENCH_RATE (changes/s), BENCH_DURATION (s), BENCH_LANES (orders in
// flight), BENCH_REDIS_URL (run the node with the Redis adapter). Needs the system PostgreSQL.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REALTIME_PATH, type RealtimeEvent } from '@swyft/contract';
import { SignJWT } from 'jose';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { percentile, sleep, startBenchServer } from './support/bench-server.js';
import { writeResults } from './support/results.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 30);
const LANES = Number(process.env.BENCH_LANES ?? 40);
const PARTNERS = 4;
const REDIS_URL = process.env.BENCH_REDIS_URL;
const JWT_SECRET = 'bench-realtime-secret-0123456789-0123456789-abcdef';
const FLEET = fileURLToPath(new URL('./support/realtime-fleet.ts', import.meta.url));

const server = await startBenchServer('system', {
  JWT_SECRET,
  DEMO_DATA: 'false',
  ...(REDIS_URL ? { REDIS_URL, REDIS_PREFIX: `bench${Date.now().toString(36)}` } : {}),
});
const pool = new pg.Pool({ connectionString: server.databaseUrl, max: 4 });
const serverPid = server.child.pid!;
let fleet: ChildProcess | undefined;
const openSocketsSeen: number[] = [];

try {
  console.log(`server ${server.url} (pid ${serverPid})${REDIS_URL ? ' with Redis' : ''}; creating users`);
  const key = new TextEncoder().encode(JWT_SECRET);
  const sign = (userId: string, role: string) =>
    new SignJWT({ role, sid: randomUUID() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer('swyft')
      .setAudience('swyft-api')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(key);
  const createUsers = async (count: number, role: string) => {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO users (email, name, role, password_hash)
       SELECT 'bench-' || $2 || '-' || g || '-' || $3 || '@example.test', 'Bench ' || $2, $2, 'not-used'
       FROM generate_series(1, $1) AS g RETURNING id`,
      [count, role, randomUUID().slice(0, 8)],
    );
    return Promise.all(rows.map(async ({ id }) => ({ id, token: await sign(id, role) })));
  };
  const idle = await createUsers(SOCKETS, 'customer');
  const customers = await createUsers(LANES, 'customer');
  const partners = await createUsers(PARTNERS, 'partner');
  const [admin] = await createUsers(1, 'admin');
  const {
    rows: [product],
  } = await pool.query<{ id: string }>(
    `INSERT INTO products (name, price_cents, stock) VALUES ('Bench item', 199, 100000000) RETURNING id`,
  );

  const watchSockets = setInterval(async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text().catch(() => '');
    const match = /^swyft_open_sockets (\d+)/m.exec(text);
    if (match) openSocketsSeen.push(Number(match[1]));
  }, 1_000);

  await sleep(3_000);
  const rssBefore = readRss(serverPid);
  console.log(`server RSS before the fleet: ${mb(rssBefore)}; connecting ${SOCKETS} idle sockets`);
  const tokensFile = path.join(mkdtempSync(path.join(tmpdir(), 'swyft-fleet-')), 'tokens.json');
  writeFileSync(tokensFile, JSON.stringify(idle.map((u) => u.token)));
  const connectStarted = performance.now();
  const fleetResult = await startFleet(server.url, tokensFile);
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  console.log(
    `fleet: ${fleetResult.connected} connected, ${fleetResult.failed} failed in ${connectSeconds.toFixed(1)} s`,
  );
  await sleep(5_000);
  const rssAfter = readRss(serverPid);
  const rssPerSocket = (rssAfter - rssBefore) / Math.max(1, fleetResult.connected);
  console.log(`server RSS with the fleet: ${mb(rssAfter)} → ${(rssPerSocket / 1024).toFixed(1)} KB per idle socket`);

  // The measured clients: one socket per customer with an order in flight, and one admin.
  const arrivals = new Map<string, number>();
  const adminArrivals = new Map<string, number>();
  const keyOf = (event: RealtimeEvent) => {
    const order = event.data.order as { id: string; status: string };
    return `${order.id}:${order.status}`;
  };
  const measured: Socket[] = [];
  for (const user of [...customers, admin!]) {
    const socket = io(server.url, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      auth: { token: user.token },
      reconnection: false,
      forceNew: true,
    });
    const into = user === admin ? adminArrivals : arrivals;
    socket.on('event', (event: RealtimeEvent) => {
      if (event.orderId) into.set(keyOf(event), performance.now());
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', reject);
    });
    measured.push(socket);
  }

  const changes: { key: string; kind: string; requestedAt: number; respondedAt: number }[] = [];
  const call = async (token: string, method: string, url: string, body: unknown, kind: string, status: string) => {
    const requestedAt = performance.now();
    const res = await fetch(`${server.url}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const respondedAt = performance.now();
    const json = (await res.json()) as { order?: { id: string } };
    if (!res.ok || !json.order) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    changes.push({ key: `${json.order.id}:${status}`, kind, requestedAt, respondedAt });
    return json.order;
  };

  console.log(`driving ${RATE} changes/s for ${DURATION_S} s over ${LANES} orders in flight`);
  const stepEveryMs = (1000 * LANES) / RATE;
  const endAt = performance.now() + DURATION_S * 1000;
  await Promise.all(
    customers.map(async (customer, lane) => {
      const partner = partners[lane % PARTNERS]!;
      await sleep((stepEveryMs * lane) / LANES);
      while (performance.now() < endAt) {
        const pace = async () => sleep(stepEveryMs * (0.5 + Math.random()));
        const order = await call(
          customer.token,
          'POST',
          '/orders',
          { items: [{ productId: product!.id, quantity: 1 }], address: '1 Bench Road' },
          'place',
          'placed',
        );
        await pace();
        await call(partner.token, 'PATCH', `/orders/${order.id}/accept`, undefined, 'accept', 'accepted');
        for (const status of ['preparing', 'picked_up', 'on_the_way', 'delivered']) {
          await pace();
          await call(partner.token, 'PATCH', `/orders/${order.id}/status`, { status }, 'status', status);
        }
        await pace();
      }
    }),
  );
  await sleep(2_000);
  clearInterval(watchSockets);

  const latencies = (kinds: string[], from: Map<string, number>) => {
    const values: number[] = [];
    let missing = 0;
    let beforeResponse = 0;
    for (const change of changes.filter((c) => kinds.includes(c.kind))) {
      const at = from.get(change.key);
      if (at === undefined) {
        missing += 1;
        continue;
      }
      if (at < change.respondedAt) beforeResponse += 1;
      values.push(Math.max(0, at - change.respondedAt));
    }
    values.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      samples: values.length,
      missing,
      arrivedBeforeResponse: beforeResponse,
      p50Ms: round(percentile(values, 50)),
      p90Ms: round(percentile(values, 90)),
      p99Ms: round(percentile(values, 99)),
      maxMs: round(values.at(-1) ?? Number.NaN),
    };
  };
  const requestMs = changes.map((c) => c.respondedAt - c.requestedAt).sort((a, b) => a - b);
  const results = {
    config: { sockets: SOCKETS, ratePerSecond: RATE, durationS: DURATION_S, lanes: LANES, redis: !!REDIS_URL },
    idleSockets: { connected: fleetResult.connected, failed: fleetResult.failed, connectSeconds },
    maxSocketsHeld: Math.max(0, ...openSocketsSeen),
    serverRss: {
      beforeBytes: rssBefore,
      withFleetBytes: rssAfter,
      perIdleSocketKB: Math.round((rssPerSocket / 1024) * 10) / 10,
    },
    changes: changes.length,
    statusChangeToCustomer: latencies(['status'], arrivals),
    anyChangeToCustomer: latencies(['place', 'accept', 'status'], arrivals),
    anyChangeToAdmin: latencies(['place', 'accept', 'status'], adminArrivals),
    httpRequestMs: {
      p50: Math.round(percentile(requestMs, 50) * 100) / 100,
      p99: Math.round(percentile(requestMs, 99) * 100) / 100,
    },
  };
  console.log(JSON.stringify(results, null, 2));
  console.log(`written to ${writeResults('realtime-latency', results)}`);
  for (const socket of measured) socket.close();
} finally {
  fleet?.kill('SIGTERM');
  await pool.end();
  await server.stop();
}

function startFleet(url: string, tokensFile: string): Promise<{ connected: number; failed: number }> {
  return new Promise((resolve, reject) => {
    fleet = spawn(process.execPath, ['--import', 'tsx', FLEET], {
      env: { ...process.env, FLEET_URL: url, FLEET_TOKENS_FILE: tokensFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    let done = false;
    fleet.stdout!.on('data', (chunk) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const progress = JSON.parse(line) as { connected: number; failed: number; done?: boolean };
        if (done) continue;
        done = progress.done === true;
        if (done) resolve(progress);
        else process.stdout.write(`  fleet: ${progress.connected} connected, ${progress.failed} failed\r`);
      }
    });
    fleet.once('exit', (code) => reject(new Error(`fleet exited (${code})`)));
  });
}

function readRss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
