// Real-time figures (ISSUE 4, 6): with N idle authenticated sockets connected and a steady stream of order
// changes, the time from a status request's response to the customer's receipt of the event (p50/p99);
// then as many more idle sockets as the node takes: the most it held, what stopped it, and its RSS per
// idle socket.
//
//   npm run bench:realtime     (raises `ulimit -n` to the hard limit first: each socket is a file
//                               descriptor on both sides)
// Knobs: BENCH_SOCKETS (idle sockets at each latency step, comma-separated; default 10000), BENCH_MAX_SOCKETS
// (then grow to this many and report what held; default none), BENCH_RATE (changes/s), BENCH_DURATION (s
// per step), BENCH_LANES (orders in flight), BENCH_REDIS_URL (run the node with the Redis adapter).
// Needs the system PostgreSQL. `measureChangeLatency` and `runRealtime` are what the suite calls.
import { freemem, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOrderEvent, REALTIME_PATH, type RealtimeEvent } from '@swyft/contract';
import type pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { benchPool, percentile, sleep, startBenchServer } from './support/bench-server.js';
import { type Fleet, type FleetProgress, startFleet } from './support/fleet.js';
import { fdLimit, openFds, round, rssBytes } from './support/proc-stats.js';
import { writeResults } from './support/results.js';
import { createBenchProduct, createUsers } from './support/users.js';

export interface LatencyOptions {
  /** Changes per second over all lanes (each lane is one order walked from placed to delivered). */
  ratePerSecond: number;
  durationS: number;
  /** Orders in flight at once, each with its own customer. */
  lanes: number;
  partners: number;
}

export const LATENCY_DEFAULTS: LatencyOptions = { ratePerSecond: 20, durationS: 30, lanes: 40, partners: 4 };

export interface LatencyFigures {
  samples: number;
  /** Changes whose event never arrived. */
  missing: number;
  /** Arrived before the HTTP response (counted as 0 ms). */
  arrivedBeforeResponse: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LatencyResult {
  options: LatencyOptions;
  changes: number;
  failedRequests: number;
  statusChangeToCustomer: LatencyFigures;
  anyChangeToCustomer: LatencyFigures;
  anyChangeToAdmin: LatencyFigures;
  httpRequestMs: { p50: number; p99: number };
}

/**
 * Walks orders through their states with the API at `apiUrl` (place, accept, preparing … delivered) at a
 * steady pace, while each order's customer and one admin listen on `socketUrl` (another node, for the
 * cross-node figure). Latency: from the response to the change's request to the event's arrival.
 * Creates its own users and product in `db` (the server's database); tokens are signed with the bench secret.
 */
export async function measureChangeLatency(
  apiUrl: string,
  socketUrl: string,
  db: pg.Pool,
  options: LatencyOptions = LATENCY_DEFAULTS,
  jwtSecret?: string,
): Promise<LatencyResult> {
  const customers = await createUsers(db, options.lanes, 'customer', jwtSecret);
  const partners = await createUsers(db, options.partners, 'partner', jwtSecret);
  const [admin] = await createUsers(db, 1, 'admin', jwtSecret);
  const productId = await createBenchProduct(db);

  // The measured clients: one socket per customer with an order in flight, and one admin.
  const arrivals = new Map<string, number>();
  const adminArrivals = new Map<string, number>();
  const keyOf = (event: RealtimeEvent) =>
    isOrderEvent(event) ? `${event.data.order.id}:${event.data.order.status}` : undefined;
  const measured: Socket[] = [];
  try {
    for (const user of [...customers, admin!]) {
      const socket = io(socketUrl, {
        path: REALTIME_PATH,
        transports: ['websocket'],
        auth: { token: user.token },
        reconnection: false,
        forceNew: true,
      });
      measured.push(socket);
      const into = user === admin ? adminArrivals : arrivals;
      socket.on('event', (event: RealtimeEvent) => {
        const key = keyOf(event);
        if (key) into.set(key, performance.now());
      });
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(undefined));
        socket.once('connect_error', (error: Error & { description?: unknown }) =>
          reject(new Error(`measured socket on ${socketUrl}: ${error.message} ${describe(error.description)}`)),
        );
      });
    }

    const changes: { key: string; kind: string; requestedAt: number; respondedAt: number }[] = [];
    let failedRequests = 0;
    const call = async (token: string, method: string, url: string, body: unknown, kind: string, status: string) => {
      const requestedAt = performance.now();
      const res = await fetch(`${apiUrl}/api/v1${url}`, {
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

    const handoverCodeOf = async (token: string, orderId: string): Promise<string | undefined> => {
      const res = await fetch(`${apiUrl}/api/v1/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } });
      const json = (await res.json()) as { order?: { handoverCode?: string | null } };
      return json.order?.handoverCode ?? undefined;
    };
    const stepEveryMs = (1000 * options.lanes) / options.ratePerSecond;
    const endAt = performance.now() + options.durationS * 1000;
    await Promise.all(
      customers.map(async (customer, lane) => {
        const partner = partners[lane % partners.length]!;
        await sleep((stepEveryMs * lane) / options.lanes);
        while (performance.now() < endAt) {
          const pace = async () => sleep(stepEveryMs * (0.5 + Math.random()));
          try {
            const order = await call(
              customer.token,
              'POST',
              '/orders',
              { items: [{ productId, quantity: 1 }], address: '1 Bench Road' },
              'place',
              'placed',
            );
            // The handover code, as the customer's own view shows it (the partner needs it at the door).
            const handoverCode = await handoverCodeOf(customer.token, order.id);
            await pace();
            await call(partner.token, 'PATCH', `/orders/${order.id}/accept`, undefined, 'accept', 'accepted');
            for (const status of ['preparing', 'picked_up', 'on_the_way', 'delivered']) {
              await pace();
              const body = status === 'delivered' ? { status, handoverCode } : { status };
              await call(partner.token, 'PATCH', `/orders/${order.id}/status`, body, 'status', status);
            }
          } catch (error) {
            failedRequests += 1;
            if (failedRequests <= 3) console.error(`latency lane ${lane}: ${error}`);
          }
          await pace();
        }
      }),
    );
    await sleep(2_000); // the last events on their way

    const latencies = (kinds: string[], from: Map<string, number>): LatencyFigures => {
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
    return {
      options,
      changes: changes.length,
      failedRequests,
      statusChangeToCustomer: latencies(['status'], arrivals),
      anyChangeToCustomer: latencies(['place', 'accept', 'status'], arrivals),
      anyChangeToAdmin: latencies(['place', 'accept', 'status'], adminArrivals),
      httpRequestMs: { p50: round(percentile(requestMs, 50)), p99: round(percentile(requestMs, 99)) },
    };
  } finally {
    for (const socket of measured) socket.close();
  }
}

export interface RealtimeOptions extends LatencyOptions {
  /** Idle sockets connected during each latency measurement, ascending (e.g. 1,000 then 10,000). */
  steps: number[];
  /** After the steps, connect idle sockets up to this many and report what the node held (0: skip). */
  maxSockets: number;
  /** Idle sockets per fleet process: well below a process's file-descriptor limit, so the client side never limits. */
  socketsPerFleet: number;
  redisUrl?: string;
}

export const REALTIME_DEFAULTS: RealtimeOptions = {
  ...LATENCY_DEFAULTS,
  steps: [10_000],
  maxSockets: 0,
  socketsPerFleet: 10_000,
};

export interface RealtimeStep {
  idleSockets: number;
  connected: number;
  failed: number;
  connectSeconds: number;
  serverRssBytes: number;
  latency: LatencyResult;
}

export interface SocketCapacity {
  attempted: number;
  /** Idle sockets connected and authenticated at the end (the fleets' count). */
  held: number;
  /** Highest `swyft_open_sockets` the server reported (idle and measured sockets). */
  serverOpenSocketsMax: number;
  failed: number;
  /** Connections that were up and then closed. */
  dropped: number;
  errors: Record<string, number>;
  connectSeconds: number;
  serverFds: { open: number; softLimit: number; hardLimit: number };
  fleetFds: { largestOpen: number; softLimit: number };
  memory: { serverRssBytes: number; machineFreeBytes: number; machineTotalBytes: number };
  /** RSS per idle socket: from the last latency step to the most held (nothing else ran in between). */
  rssPerSocketKB: number;
  /** RSS per idle socket: all the sockets against the server before any (includes heap grown by the latency runs). */
  rssPerSocketOverallKB: number;
  limitedBy: string;
}

export interface RealtimeResult {
  options: RealtimeOptions;
  serverRssBeforeBytes: number;
  steps: RealtimeStep[];
  capacity: SocketCapacity | null;
}

/**
 * One server on a fresh database of the system PostgreSQL. For each step, grows the idle fleet to that many
 * sockets and measures change latency; then, with `maxSockets`, grows it to that many and reports what held.
 */
export async function runRealtime(
  options: RealtimeOptions = REALTIME_DEFAULTS,
  log: (line: string) => void = console.log,
): Promise<RealtimeResult> {
  const server = await startBenchServer('system', {
    DEMO_DATA: 'false',
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: `bench${Date.now().toString(36)}` } : {}),
  });
  const pool = benchPool(server.databaseUrl!);
  const serverPid = server.child.pid!;
  const fleets: Fleet[] = [];
  let serverOpenSocketsMax = 0;
  const watchSockets = setInterval(async () => {
    const text = await fetch(`${server.url}/metrics`)
      .then((res) => res.text())
      .catch(() => '');
    const match = /^swyft_open_sockets (\d+)/m.exec(text);
    if (match) serverOpenSocketsMax = Math.max(serverOpenSocketsMax, Number(match[1]));
  }, 1_000);
  try {
    const total = Math.max(options.maxSockets, ...options.steps);
    log(`realtime: server ${server.url} (pid ${serverPid})${options.redisUrl ? ' with Redis' : ''}; ${total} users`);
    const idle = await createUsers(pool, total, 'customer');
    let used = 0;
    const held = () => fleets.reduce((sum, fleet) => sum + fleet.result.connected, 0);
    /** Connects idle sockets with the next unused tokens, in fleets of at most `socketsPerFleet`. */
    const grow = async (to: number) => {
      const started = performance.now();
      let failed = 0;
      while (used < to) {
        const count = Math.min(options.socketsPerFleet, to - used);
        const base = held();
        const fleet = await startFleet({
          url: server.url,
          tokens: idle.slice(used, used + count).map((user) => user.token),
          // Each fleet its own source addresses: no two processes compete for the same ephemeral ports.
          firstAddress: 2 + 16 * fleets.length,
          onProgress: (p) => process.stdout.write(`  idle sockets: ${base + p.connected} (failed ${p.failed})\r`),
        });
        fleets.push(fleet);
        used += count;
        failed += fleet.result.failed;
      }
      return { failed, connectSeconds: round((performance.now() - started) / 1000, 1) };
    };

    await sleep(3_000);
    const serverRssBeforeBytes = rssBytes(serverPid);
    const steps: RealtimeStep[] = [];
    for (const idleSockets of options.steps) {
      const { failed, connectSeconds } = await grow(idleSockets);
      await sleep(3_000); // let the handshakes' garbage go before reading RSS
      const serverRssBytes = rssBytes(serverPid);
      log(
        `realtime: ${held()} idle sockets (${failed} failed, ${connectSeconds} s); server RSS ${mb(serverRssBytes)}; ` +
          `${options.ratePerSecond} changes/s for ${options.durationS} s`,
      );
      const latency = await measureChangeLatency(server.url, server.url, pool, options);
      const s = latency.statusChangeToCustomer;
      log(
        `realtime: ${held()} idle sockets: status change → customer p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms ` +
          `(${s.samples} samples, ${s.missing} missing, ${latency.failedRequests} failed requests)`,
      );
      steps.push({ idleSockets, connected: held(), failed, connectSeconds, serverRssBytes, latency });
    }

    let capacity: SocketCapacity | null = null;
    if (options.maxSockets > 0) {
      await sleep(3_000);
      const rssAtLastStep = rssBytes(serverPid);
      const heldAtLastStep = held();
      log(`realtime: growing to ${options.maxSockets} idle sockets`);
      const { connectSeconds } = await grow(options.maxSockets);
      await sleep(5_000); // late drops show up; RSS settles
      const latest = fleets.map((fleet) => fleet.latest());
      const sum = (pick: (p: FleetProgress) => number) => latest.reduce((total, p) => total + pick(p), 0);
      const errors: Record<string, number> = {};
      for (const p of latest)
        for (const [message, n] of Object.entries(p.errors)) errors[message] = (errors[message] ?? 0) + n;
      const heldNow = sum((p) => p.connected) - sum((p) => p.dropped);
      const serverRss = rssBytes(serverPid);
      const serverLimit = fdLimit(serverPid);
      const serverFdsOpen = openFds(serverPid);
      const fleetLimit = fdLimit(fleets[0]!.child.pid!);
      const fleetFds = Math.max(...fleets.map((fleet) => openFds(fleet.child.pid!)));
      capacity = {
        attempted: options.maxSockets,
        held: heldNow,
        serverOpenSocketsMax,
        failed: sum((p) => p.failed),
        dropped: sum((p) => p.dropped),
        errors,
        connectSeconds,
        serverFds: { open: serverFdsOpen, softLimit: serverLimit.soft, hardLimit: serverLimit.hard },
        fleetFds: { largestOpen: fleetFds, softLimit: fleetLimit.soft },
        memory: { serverRssBytes: serverRss, machineFreeBytes: freemem(), machineTotalBytes: totalmem() },
        rssPerSocketKB: round((serverRss - rssAtLastStep) / Math.max(1, heldNow - heldAtLastStep) / 1024, 1),
        rssPerSocketOverallKB: round((serverRss - serverRssBeforeBytes) / Math.max(1, heldNow) / 1024, 1),
        limitedBy: '',
      };
      capacity.limitedBy = whatLimited(capacity);
      log(
        `realtime: held ${heldNow} of ${options.maxSockets} idle sockets (${capacity.failed} failed, ${capacity.dropped} dropped, ` +
          `errors ${JSON.stringify(errors)}); server fds ${serverFdsOpen}/${serverLimit.soft}; ` +
          `RSS ${mb(serverRss)}, ${capacity.rssPerSocketKB} KB per socket; limited by: ${capacity.limitedBy}`,
      );
    }
    return { options, serverRssBeforeBytes, steps, capacity };
  } finally {
    clearInterval(watchSockets);
    for (const fleet of fleets) await fleet.stop();
    await pool.end();
    await server.stop();
  }
}

/** Names what stopped the count, from the evidence gathered. */
function whatLimited(c: SocketCapacity): string {
  if (c.held >= c.attempted) return `nothing on the server: it held every socket attempted (${c.attempted})`;
  const reasons: string[] = [];
  if (c.serverFds.open >= c.serverFds.softLimit - 16) {
    reasons.push(
      `the server's file descriptors: ${c.serverFds.open} open of its limit ${c.serverFds.softLimit} ` +
        `(hard ${c.serverFds.hardLimit}); each socket is one, the rest are PostgreSQL, listening and internal ones`,
    );
  }
  if (c.fleetFds.largestOpen >= c.fleetFds.softLimit - 16) {
    reasons.push(`a client fleet's file descriptors (${c.fleetFds.largestOpen} of ${c.fleetFds.softLimit})`);
  }
  if (c.memory.machineFreeBytes < 0.05 * c.memory.machineTotalBytes) reasons.push('memory (under 5 % free)');
  if (c.errors.timeout) reasons.push(`time: ${c.errors.timeout} handshakes timed out (CPU)`);
  if (reasons.length === 0) reasons.push(`unclear: connect errors ${JSON.stringify(c.errors)}, ${c.dropped} dropped`);
  return reasons.join('; ');
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.message;
  const inner = (detail as { error?: unknown; message?: unknown } | undefined)?.error ?? detail;
  return inner instanceof Error ? inner.message : String(inner ?? '');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const env = process.env;
  const options: RealtimeOptions = {
    ...REALTIME_DEFAULTS,
    steps: (env.BENCH_SOCKETS ?? '10000').split(',').map(Number),
    maxSockets: Number(env.BENCH_MAX_SOCKETS ?? 0),
    ratePerSecond: Number(env.BENCH_RATE ?? LATENCY_DEFAULTS.ratePerSecond),
    durationS: Number(env.BENCH_DURATION ?? LATENCY_DEFAULTS.durationS),
    lanes: Number(env.BENCH_LANES ?? LATENCY_DEFAULTS.lanes),
    redisUrl: env.BENCH_REDIS_URL,
  };
  const result = await runRealtime(options);
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${writeResults('realtime-latency', result)}`);
}
