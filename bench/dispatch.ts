// Nearest dispatch under load (ISSUE 12, "Benchmark"), on one node, then on two nodes sharing one database and
// Redis (BENCH_REDIS_URL, default the local one; `--one-node` skips them: partner i on node i mod 2, its
// watching customer on the other node, so that every position crosses Redis):
// (a) location ingest: N online partners each sending a position every 2 s near the demo stores, while M customers
//     watch an active order each, assigned to one of those partners (whose positions are spread evenly among the
//     others' in each 2 s): positions/s handled, position → customer latency p50/p99 (matched by partner and
//     position), position → its acknowledgement p50/p99 (what the partner's phone waits for), server CPU per 1,000
//     positions and how long the servers' main threads waited for a core (from /proc), and on two nodes the commands
//     and CPU of Redis per 1,000 positions (its INFO). Beside it, in the same run, the ceiling: a bare Socket.IO
//     server (bench/support/bare-relay.ts, a child process: no auth, no database) relaying the same messages from as
//     many sockets to as many watchers, with the same figures. Both servers run side by side and are measured in
//     alternating windows (Swyft, relay, Swyft, relay, ...): whatever else the machine does at a time (a checkpoint
//     of the database, a pause of this process's own collector) falls on both, not on one side's only window. Two
//     nodes are measured the same way beside two bare relays sharing their rooms through Socket.IO's Redis adapter,
//     each socket on the relay of the same number as its node.
// (b) dispatch latency: with the partners online, positioned and still sending, orders placed at 20/s; time
//     from the POST /orders response to the first offered partner's receipt of `order.offered` for it. The
//     orders of the first 3 s are a warm-up, reported apart (a fresh server's first offers run their code and
//     statements for the first time: 120 to 600 ms for the first few, measured).
//
//   npm run bench:dispatch [-- --partners 2000 --customers 500 --duration 15 --rounds 3 --rate 20 --one-node]
//   (--quick: 300 partners, 100 customers, 2 rounds of 10 s windows; --shared-cores: clients not confined, below)
// Raises `ulimit -n` to the hard limit first (each socket is a descriptor on both sides). Needs the system
// PostgreSQL. All clients run in this process, on the same machine as the servers. With two cores or more
// (and `taskset`) this process is confined to half of them and the servers (Swyft's nodes and the relay
// alike), PostgreSQL and Redis may use them all (bench/support/cpu-placement.ts). Both servers run without
// V8's memory reducer (STEADY_LOAD_NODE_FLAGS, below).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { REALTIME_PATH, type RealtimeEvent } from '@swyft/contract';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { benchArgs } from './support/args.js';
import { benchPool, bothSidesNodeFlags, percentile, sleep, startBenchServer } from './support/bench-server.js';
import { confineClients } from './support/cpu-placement.js';
import {
  busyPercent,
  cpuSeconds,
  fdLimit,
  machineTicks,
  mainThreadWaits,
  round,
  stealPercent,
} from './support/proc-stats.js';
import { onCleanup } from './support/processes.js';
import { writeResults } from './support/results.js';
import { type BenchUser, createBenchProduct, createUsers } from './support/users.js';

export interface DispatchBenchOptions {
  partners: number;
  customers: number;
  /** Seconds of each measured window (ingest on Swyft, ingest on the relay, dispatch). */
  durationS: number;
  /** Measured ingest windows per side, taken in turns with the relay's (one node) or one after another. */
  rounds: number;
  /** Orders placed per second in (b). */
  ordersPerSecond: number;
  /** Seconds between two positions of one partner. */
  positionEveryS: number;
  /** Also measure two nodes sharing this Redis (and one database); undefined: one node only. */
  redisUrl: string | undefined;
  /** The clients confined to half of the cores (with two or more), the servers free to use them all. */
  clientsApart: boolean;
}

export const DISPATCH_BENCH_DEFAULTS: DispatchBenchOptions = {
  partners: 2_000,
  customers: 500,
  durationS: 15,
  rounds: 3,
  ordersPerSecond: 20,
  positionEveryS: 2,
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  clientsApart: true,
};
const QUICK: Partial<DispatchBenchOptions> = { partners: 300, customers: 100, durationS: 10, rounds: 2 };

const RELAY = fileURLToPath(new URL('./support/bare-relay.ts', import.meta.url));
const relayLabel = (count: number) => (count > 1 ? `bare relay, ${count} nodes + Redis` : 'bare Socket.IO relay');
const WARMUP_MS = 3_000;
/**
 * Before a side's first ingest window, its stream runs this long unmeasured. After 3 s, the first window of
 * either side was its worst in most runs (a p99 of 4–11 ms against 1–2 ms in its later windows): V8 was still
 * growing the young generation (a scavenge every 50–300 ms in the relay's first window) and optimizing the
 * message path.
 */
const FIRST_WARMUP_MS = 10_000;
const DRAIN_MS = 2_000;
/**
 * Both servers, Swyft's and the relay, run without V8's memory reducer. Windows in turns leave each server
 * idle for some 20 s; the reducer takes that for a process gone quiet and compacts its heap
 * ("Mark-Compact (reduce)" in --trace-gc), which then fell in the server's next window: a 68 ms stall in one
 * measured run, then a full collection every 4–6 s while the shrunken heap grew back. Under the steady load
 * the windows stand for, a node is never idle that long; production keeps the reducer for its quiet hours.
 */
const STEADY_LOAD_NODE_FLAGS = ['--no-memory-reducer'];

/**
 * This process (the clients of both sides) collects its garbage before each side's stream starts, so that
 * its own next full collection is unlikely to come due inside a window. One that did (a 62 ms full
 * collection, then a 50 ms scavenge) held 140 of that window's positions for up to 87 ms: the side it fell
 * on looked 3× slower. Needs --expose-gc, which the npm scripts pass; without it the run says so.
 */
const collectClientGarbage = () => globalThis.gc?.();

interface Point {
  lat: number;
  lng: number;
}

export interface LatencyFigures {
  samples: number;
  missing: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface IngestFigures {
  label: string;
  partnersConnected: number;
  watchersConnected: number;
  connectFailures: number;
  /** Positions acknowledged `ok` per second over the window. */
  positionsPerSecond: number;
  positionsSent: number;
  positionsAcked: number;
  positionsRefused: number;
  /** `order.eta` messages the watching customers got in the window (the live estimate moving). */
  estimatesReceived: number;
  positionToCustomer: LatencyFigures;
  /** From a partner's send to its acknowledgement (`ok`): how long a partner's phone waits for each position. */
  positionToAck: LatencyFigures;
  /** The p99 of each measured window by itself, in the order they were taken. */
  windowP99Ms: number[];
  /** Server process CPU (user + system) per 1,000 positions acknowledged. */
  serverCpuMsPer1000: number;
  serverCpuPercent: number;
  /**
   * How long the servers' main threads (summed over the nodes) were ready to run but waited for a core, per
   * second of the window, and how often a core was taken from them: on a machine whose cores the clients, the
   * database and both sides share, the tail of the latency is mostly such waits (a position that arrives while
   * its server waits, waits with it).
   */
  serverWaitingForACoreMsPerS: number;
  serverPreemptionsPerS: number;
  /**
   * With Redis (two nodes): the commands Redis ran and the CPU it used per 1,000 positions, over this side's
   * windows (the other side's servers are idle meanwhile). Redis shares the servers' cores.
   */
  redis: { commandsPer1000: number; cpuMsPer1000: number } | null;
  /** This process (all the clients) CPU per 1,000 positions. */
  clientCpuMsPer1000: number;
  machineBusyPercent: number;
  /** CPU time the host held back from this virtual machine while it was ready to run (0 on bare metal). */
  machineStealPercent: number;
}

const fiveDigits = (value: number) => Math.round(value * 1e6) / 1e6;

function figures(values: number[], missing: number): LatencyFigures {
  values.sort((a, b) => a - b);
  return {
    samples: values.length,
    missing,
    p50Ms: round(percentile(values, 50)),
    p90Ms: round(percentile(values, 90)),
    p99Ms: round(percentile(values, 99)),
    maxMs: round(values.at(-1) ?? Number.NaN),
  };
}

/** Connects a socket to each target, `concurrency` at a time; failures are counted, not thrown. */
async function connectAll(
  targets: { url: string; auth: Record<string, unknown> }[],
  concurrency = 50,
): Promise<{ sockets: Socket[]; failed: number; errors: Record<string, number> }> {
  const sockets: Socket[] = new Array(targets.length);
  let failed = 0;
  const errors: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < targets.length) {
        const index = next++;
        const socket = io(targets[index]!.url, {
          path: REALTIME_PATH,
          transports: ['websocket'],
          auth: targets[index]!.auth,
          reconnection: false,
          forceNew: true,
          timeout: 60_000,
        });
        sockets[index] = socket;
        await new Promise<void>((resolve) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', (error) => {
            failed += 1;
            errors[error.message] = (errors[error.message] ?? 0) + 1;
            resolve();
          });
        });
      }
    }),
  );
  return { sockets, failed, errors };
}

interface StreamPartner {
  id: string;
  socket: Socket;
  home: Point;
  watched: boolean;
}

/**
 * The partners in the order they send within each period: the watched ones spread evenly among the others,
 * as a city's deliveries are. In the order they were made (the watched first), with the defaults all 500
 * watched positions of each 2 s left in its first half second: customer messages at four times their average
 * rate, and only in that half second was anything measured.
 */
function spreadWatched(partners: StreamPartner[]): StreamPartner[] {
  const evenly = (list: StreamPartner[]) => list.map((partner, i) => ({ partner, at: (i + 0.5) / list.length }));
  const watched = evenly(partners.filter((p) => p.watched));
  const others = evenly(partners.filter((p) => !p.watched));
  return [...watched, ...others].sort((a, b) => a.at - b.at).map(({ partner }) => partner);
}

/**
 * Each partner socket sends a position every `everyS` near its home point (staggered over the period, the
 * watched ones spread among the others), with an acknowledgement. Positions of watched partners are
 * remembered by partner and position, so that a watcher's `partner.location` is matched to its send time.
 */
class PositionStream {
  measuring = false;
  sent = 0;
  acked = 0;
  refused = 0;
  estimates = 0;
  refusals: Record<string, number> = {};
  private readonly sentAt = new Map<string, number>();
  private latencies: number[] = [];
  private ackLatencies: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  private readonly partners: StreamPartner[];

  constructor(
    partners: StreamPartner[],
    private readonly everyS: number,
  ) {
    this.partners = spreadWatched(partners);
  }

  /** Call from each watcher's `partner.location` handler. */
  received(message: { partnerId: string; lat: number; lng: number }): void {
    const key = `${message.partnerId}|${message.lat}|${message.lng}`;
    const at = this.sentAt.get(key);
    if (at === undefined) return;
    this.sentAt.delete(key);
    this.latencies.push(performance.now() - at);
  }

  /**
   * Sends on a fixed schedule: the i-th partner (spread) at i/N of each period, every period, counted from the start.
   * After a pause of this process the positions that fell due in it leave at once, and the next ones are on time
   * again. (A `setInterval` per partner reschedules from when its callback ran: after one 110 ms pause of this
   * process, ~50 watched positions left in one burst every 2 s for the rest of the window, and queued behind each
   * other on the server.)
   */
  start(): void {
    const periodMs = this.everyS * 1000;
    const count = this.partners.length;
    const startedAt = performance.now();
    let scheduled = 0; // sends so far: the next is partner `scheduled % count`, due at `dueAt(scheduled)`
    const dueAt = (n: number) => startedAt + (n * periodMs) / count;
    const tick = () => {
      while (dueAt(scheduled) <= performance.now()) {
        this.send(this.partners[scheduled % count]!);
        scheduled += 1;
      }
      this.timer = setTimeout(tick, Math.max(0, dueAt(scheduled) - performance.now()));
    };
    tick();
  }

  private send(partner: StreamPartner): void {
    if (!partner.socket.connected) return;
    const lat = fiveDigits(partner.home.lat + (Math.random() - 0.5) * 0.0005);
    const lng = fiveDigits(partner.home.lng + (Math.random() - 0.5) * 0.0008);
    const measuring = this.measuring;
    if (measuring) this.sent += 1;
    const sentAt = performance.now();
    if (measuring && partner.watched) this.sentAt.set(`${partner.id}|${lat}|${lng}`, sentAt);
    partner.socket.emit('location', { lat, lng }, (reply: { ok: boolean; error?: { code: string } }) => {
      if (!measuring) return;
      if (reply?.ok) {
        this.acked += 1;
        this.ackLatencies.push(performance.now() - sentAt);
      } else {
        this.refused += 1;
        const code = reply?.error?.code ?? 'refused';
        this.refusals[code] = (this.refusals[code] ?? 0) + 1;
      }
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Starts a measured window; the first one (`reset`) clears what earlier, unmeasured sends left. Returns
   * where this window's latencies start (see `p99Since`).
   */
  begin(reset: boolean): number {
    this.measuring = true;
    if (!reset) return this.latencies.length;
    this.sent = 0;
    this.acked = 0;
    this.refused = 0;
    this.estimates = 0;
    this.refusals = {};
    this.sentAt.clear();
    this.latencies = [];
    this.ackLatencies = [];
    return 0;
  }

  /** Ends the window: no new sends counted; positions not received by now are missing. */
  end(): void {
    this.measuring = false;
  }

  latency(): LatencyFigures {
    return figures([...this.latencies], this.sentAt.size);
  }

  ackLatency(): LatencyFigures {
    return figures([...this.ackLatencies], this.sent - this.acked - this.refused);
  }

  /** The p99 of the latencies received since `from` (one window, once it has drained). */
  p99Since(from: number): number {
    return round(
      percentile(
        this.latencies.slice(from).sort((a, b) => a - b),
        99,
      ),
    );
  }
}

/** One side of the ingest measurement: a server and the sockets that send it positions. */
interface IngestSide {
  label: string;
  stream: PositionStream;
  serverPids: number[];
  connected: { partners: number; watchers: number; failed: number };
}

/**
 * Measures each side's ingest in `rounds` windows, the sides taking turns: each side's stream runs only
 * through its own windows (with a warm-up before and a drain after each), and its figures add up its windows.
 * Its stream is stopped at the end.
 */
async function measureIngest(
  sides: IngestSide[],
  durationS: number,
  rounds: number,
  redis?: Redis,
): Promise<IngestFigures[]> {
  const totals = sides.map(() => ({
    redisCommands: 0,
    redisCpuS: 0,
    elapsedS: 0,
    serverCpuS: 0,
    runQueueS: 0,
    preemptions: 0,
    clientCpuUs: 0,
    busy: [] as number[],
    steal: [] as number[],
    p99s: [] as number[],
  }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, side] of sides.entries()) {
      const total = totals[i]!;
      const serverCpu = () => side.serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      const serverWaits = () =>
        side.serverPids.reduce(
          (sum, pid) => {
            const waits = mainThreadWaits(pid);
            return { runQueueS: sum.runQueueS + waits.runQueueS, preemptions: sum.preemptions + waits.preemptions };
          },
          { runQueueS: 0, preemptions: 0 },
        );
      collectClientGarbage();
      side.stream.start();
      await sleep(round === 0 ? FIRST_WARMUP_MS : WARMUP_MS);
      const cpuBefore = serverCpu();
      const waitsBefore = serverWaits();
      const clientBefore = process.cpuUsage();
      const machineBefore = machineTicks();
      const redisBefore = redis && (await redisCounters(redis));
      const started = performance.now();
      const from = side.stream.begin(round === 0);
      await sleep(durationS * 1000);
      side.stream.end();
      total.elapsedS += (performance.now() - started) / 1000;
      total.serverCpuS += serverCpu() - cpuBefore;
      const waitsAfter = serverWaits();
      total.runQueueS += waitsAfter.runQueueS - waitsBefore.runQueueS;
      total.preemptions += waitsAfter.preemptions - waitsBefore.preemptions;
      const client = process.cpuUsage(clientBefore);
      total.clientCpuUs += client.user + client.system;
      if (redis && redisBefore) {
        const redisAfter = await redisCounters(redis);
        total.redisCommands += redisAfter.commands - redisBefore.commands;
        total.redisCpuS += redisAfter.cpuS - redisBefore.cpuS;
      }
      total.busy.push(busyPercent(machineBefore));
      total.steal.push(stealPercent(machineBefore));
      await sleep(DRAIN_MS); // the last positions on their way
      side.stream.stop();
      total.p99s.push(side.stream.p99Since(from));
    }
  }
  return sides.map(({ label, stream, connected }, i) => {
    const { elapsedS, serverCpuS, runQueueS, preemptions, clientCpuUs, busy, steal, p99s, redisCommands, redisCpuS } =
      totals[i]!;
    const mean = (values: number[]) => round(values.reduce((sum, v) => sum + v, 0) / values.length, 1);
    const acked = stream.acked;
    return {
      label,
      partnersConnected: connected.partners,
      watchersConnected: connected.watchers,
      connectFailures: connected.failed,
      positionsPerSecond: round(acked / elapsedS, 1),
      positionsSent: stream.sent,
      positionsAcked: acked,
      positionsRefused: stream.refused,
      estimatesReceived: stream.estimates,
      positionToCustomer: stream.latency(),
      positionToAck: stream.ackLatency(),
      windowP99Ms: p99s,
      serverCpuMsPer1000: round((serverCpuS * 1000 * 1000) / Math.max(1, acked), 1),
      serverCpuPercent: round((100 * serverCpuS) / elapsedS, 1),
      serverWaitingForACoreMsPerS: round((1000 * runQueueS) / elapsedS, 1),
      serverPreemptionsPerS: round(preemptions / elapsedS, 1),
      redis: redis
        ? {
            commandsPer1000: round((redisCommands * 1000) / Math.max(1, acked), 1),
            cpuMsPer1000: round((redisCpuS * 1000 * 1000) / Math.max(1, acked), 1),
          }
        : null,
      clientCpuMsPer1000: round((clientCpuUs / 1000 / Math.max(1, acked)) * 1000, 1),
      machineBusyPercent: mean(busy),
      machineStealPercent: mean(steal),
    };
  });
}

/** Commands Redis has run (INFO's `total_commands_processed`) and its CPU seconds (user + system) so far. */
async function redisCounters(redis: Redis): Promise<{ commands: number; cpuS: number }> {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return { commands: field('total_commands_processed'), cpuS: field('used_cpu_user') + field('used_cpu_sys') };
}

/** A point `km` (at most) from `center` in a random direction. */
function near(center: Point, km: number): Point {
  const angle = Math.random() * 2 * Math.PI;
  const r = Math.sqrt(Math.random()) * km;
  return {
    lat: center.lat + (r / 111) * Math.cos(angle),
    lng: center.lng + (r / (111 * Math.cos((center.lat * Math.PI) / 180))) * Math.sin(angle),
  };
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
  const json = (await res.json()) as T & { error?: { code: string } };
  return { status: res.status, ok: res.ok, json };
}

/**
 * A bare relay, with the Node flags Swyft's servers run with here, so that both sides have the same heap; with
 * `redis`, sharing its rooms with the other relays given the same prefix (Socket.IO's Redis adapter).
 */
async function startRelay(redis?: { url: string; prefix: string }): Promise<Relay> {
  const flags = bothSidesNodeFlags(STEADY_LOAD_NODE_FLAGS);
  const env = redis ? { ...process.env, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix } : process.env;
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', RELAY], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = async () => {
    unregister();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
  };
  const unregister = onCleanup(stop);
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^listening (\d+)/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare relay exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, stop };
}

interface Relay {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

interface SwyftNode {
  url: string;
  pid: number;
}

export interface SwyftFigures {
  label: string;
  setupFailures: number;
  ingest: IngestFigures;
  dispatch: DispatchFigures;
}

/**
 * On Swyft nodes sharing one database (`pool`): the watching customers' orders, on their way with partner i; then
 * the partners (partner i on node i mod n) and customers (customer i on the next node: with two nodes every
 * position crosses Redis) connect; then (a) ingest and (b) dispatch are measured. CPU is summed over the nodes.
 * With `relays` (as many as nodes, sharing rooms through Redis when more than one), the same partners and
 * watchers also connect to them, placed as on the nodes, and ingest is measured on both sides in turns.
 */
async function measureSwyft(
  label: string,
  nodes: SwyftNode[],
  pool: pg.Pool,
  options: DispatchBenchOptions,
  log: (line: string) => void,
  relays?: Relay[],
  /** The Redis that the nodes (and relays) share, for its figures. */
  redis?: Redis,
): Promise<SwyftFigures & { relay: IngestFigures | undefined }> {
  const watched = Math.min(options.customers, options.partners);
  const pids = nodes.map((node) => node.pid);
  const url = nodes[0]!.url;
  const nodeFor = (i: number) => nodes[i % nodes.length]!.url;
  const { rows: stores } = await pool.query<Point>('SELECT lat, lng FROM stores WHERE active ORDER BY created_at');
  if (stores.length === 0) throw new Error('no demo stores');
  const productId = await createBenchProduct(pool, { everyStore: true });
  const partners = await createUsers(pool, options.partners, 'partner');
  const customers = await createUsers(pool, watched, 'customer');
  const orderers = await createUsers(pool, 20, 'customer');
  const homes = partners.map((_, i) => near(stores[i % stores.length]!, 1.5));

  // Setup: each watching customer's order, accepted by partner i (before any partner has a position, so
  // nearest dispatch finds nobody and opens it to all) and taken on its way.
  const setupStarted = performance.now();
  let setupFailures = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < watched) {
        const i = next++;
        const placed = await api<{ order: { id: string } }>(url, customers[i]!.token, 'POST', '/orders', {
          items: [{ productId, quantity: 1 }],
          address: `${i} Bench Road`,
          location: near(stores[i % stores.length]!, 1),
        });
        if (!placed.ok) {
          setupFailures += 1;
          if (setupFailures <= 3) log(`  place: ${placed.status} ${JSON.stringify(placed.json)}`);
          continue;
        }
        const orderPath = `/orders/${placed.json.order.id}`;
        const accepted = await api(url, partners[i]!.token, 'PATCH', `${orderPath}/accept`);
        if (!accepted.ok) {
          setupFailures += 1;
          if (setupFailures <= 3) log(`  accept: ${accepted.status} ${JSON.stringify(accepted.json)}`);
          continue;
        }
        // On its way: every position of its partner also moves the order's live estimate (API.md, "Delivery
        // estimate"), as it does for a real delivery.
        for (const status of ['preparing', 'picked_up', 'on_the_way']) {
          const moved = await api(url, partners[i]!.token, 'PATCH', `${orderPath}/status`, { status });
          if (!moved.ok) {
            setupFailures += 1;
            if (setupFailures <= 3) log(`  ${status}: ${moved.status} ${JSON.stringify(moved.json)}`);
            break;
          }
        }
      }
    }),
  );
  log(
    `${label}: ${watched} orders placed, accepted and on their way in ${round((performance.now() - setupStarted) / 1000, 1)} s ` +
      `(${setupFailures} failed)`,
  );

  const partnerSockets = await connectAll(
    partners.map((p, i) => ({ url: nodeFor(i), auth: { token: p.token, online: true } })),
  );
  const watcherSockets = await connectAll(customers.map((c, i) => ({ url: nodeFor(i + 1), auth: { token: c.token } })));
  const sockets = [...partnerSockets.sockets, ...watcherSockets.sockets];
  const sides: IngestSide[] = [];
  const stream = new PositionStream(
    partners.map((p, i) => ({ id: p.id, socket: partnerSockets.sockets[i]!, home: homes[i]!, watched: i < watched })),
    options.positionEveryS,
  );
  try {
    log(
      `${label}: ${options.partners} partners and ${watched} customers connected ` +
        `(${partnerSockets.failed + watcherSockets.failed} failed ${JSON.stringify({ ...partnerSockets.errors, ...watcherSockets.errors })})`,
    );
    for (const socket of watcherSockets.sockets) {
      socket.on('partner.location', (m) => stream.received(m));
      socket.on('order.eta', () => {
        if (stream.measuring) stream.estimates += 1;
      });
    }
    sides.push({
      label,
      stream,
      serverPids: pids,
      connected: {
        partners: options.partners - partnerSockets.failed,
        watchers: watched - watcherSockets.failed,
        failed: partnerSockets.failed + watcherSockets.failed,
      },
    });
    if (relays) {
      const relayFor = (i: number) => relays[i % relays.length]!.url;
      const relayPartners = await connectAll(partners.map((p, i) => ({ url: relayFor(i), auth: { partnerId: p.id } })));
      const relayWatchers = await connectAll(
        partners.slice(0, watched).map((p, i) => ({ url: relayFor(i + 1), auth: { watch: p.id } })),
      );
      sockets.push(...relayPartners.sockets, ...relayWatchers.sockets);
      const relayStream = new PositionStream(
        partners.map((p, i) => ({
          id: p.id,
          socket: relayPartners.sockets[i]!,
          home: homes[i]!,
          watched: i < watched,
        })),
        options.positionEveryS,
      );
      for (const socket of relayWatchers.sockets) socket.on('partner.location', (m) => relayStream.received(m));
      sides.push({
        label: relayLabel(relays.length),
        stream: relayStream,
        serverPids: relays.map((relay) => relay.child.pid!),
        connected: {
          partners: options.partners - relayPartners.failed,
          watchers: watched - relayWatchers.failed,
          failed: relayPartners.failed + relayWatchers.failed,
        },
      });
      log(
        `${label}: the same partners and customers connected to the ${relayLabel(relays.length)} too; windows in turns`,
      );
    }
    const [ingest, relayIngest] = await measureIngest(sides, options.durationS, options.rounds, redis);
    for (const figures of [ingest, relayIngest]) if (figures) log(describeIngest(figures));

    // (b) Dispatch, while the positions keep coming; orders placed on each node in turn.
    stream.start();
    const offeredAt = new Map<string, number>();
    for (const socket of partnerSockets.sockets)
      socket.on('event', (event: RealtimeEvent) => {
        if (event.type !== 'order.offered') return;
        const id = event.data.order.id;
        if (!offeredAt.has(id)) offeredAt.set(id, performance.now());
      });
    const dispatch = await measureDispatch(
      nodes.map((node) => node.url),
      productId,
      orderers,
      offeredAt,
      pids,
      options,
      stores,
    );
    log(`${label}: ${describeDispatch(dispatch)}`);
    return { label, setupFailures, ingest: ingest!, dispatch, relay: relayIngest };
  } finally {
    for (const side of sides) side.stream.stop();
    for (const socket of sockets) socket?.close();
  }
}

export async function runDispatchBench(
  options: DispatchBenchOptions = DISPATCH_BENCH_DEFAULTS,
  log: (line: string) => void = console.log,
) {
  const confined = options.clientsApart ? confineClients() : undefined;
  const placement = confined?.placement ?? null;
  /** A server started from here inherited the clients' cores: it gets every core back. */
  const place = (pid: number) => confined?.free(pid);
  log(
    placement
      ? `dispatch: clients on cores ${placement.clients}, servers on cores ${placement.servers}`
      : 'dispatch: clients and servers on every core',
  );
  try {
    return { ...(await measureBothSetups(options, log, place)), placement };
  } finally {
    confined?.release();
  }
}

async function measureBothSetups(
  options: DispatchBenchOptions,
  log: (line: string) => void,
  place: (pid: number) => void,
) {
  // One node, and beside it the ceiling: the bare relay, same sockets, same messages, windows in turns.
  const server = await startBenchServer(
    'system',
    { DEMO_DATA: 'true', DISPATCH_MODE: 'nearest' },
    STEADY_LOAD_NODE_FLAGS,
  );
  place(server.child.pid!);
  const pool = benchPool(server.databaseUrl!);
  let oneNode: SwyftFigures;
  let relay: IngestFigures;
  try {
    const ceiling = await startRelay();
    place(ceiling.child.pid!);
    try {
      log(
        `dispatch: one node ${server.url} (pid ${server.child.pid}), bare relay ${ceiling.url} (pid ${ceiling.child.pid}); ` +
          `fd limit ${fdLimit(process.pid).soft}`,
      );
      if (!globalThis.gc) log('dispatch: no --expose-gc: the clients will not collect their garbage between windows');
      const { relay: relayIngest, ...swyft } = await measureSwyft(
        '1 node',
        [{ url: server.url, pid: server.child.pid! }],
        pool,
        options,
        log,
        [ceiling],
      );
      oneNode = swyft;
      relay = relayIngest!;
    } finally {
      await ceiling.stop();
    }
  } finally {
    await pool.end();
    await server.stop();
  }

  // Two nodes with Redis, on one database (the second server is pointed at the first one's), and beside them
  // their ceiling: two bare relays sharing their rooms through Redis, the sockets placed as on the nodes.
  let twoNodes: SwyftFigures | null = null;
  let twoNodesRelay: IngestFigures | null = null;
  if (options.redisUrl) {
    const prefix = `bench${Date.now().toString(36)}`;
    const env = { DEMO_DATA: 'true', DISPATCH_MODE: 'nearest', REDIS_URL: options.redisUrl, REDIS_PREFIX: prefix };
    const a = await startBenchServer('system', env, STEADY_LOAD_NODE_FLAGS);
    place(a.child.pid!);
    const twoPool = benchPool(a.databaseUrl!);
    try {
      const b = await startBenchServer('system', { ...env, DATABASE_URL: a.databaseUrl! }, STEADY_LOAD_NODE_FLAGS);
      place(b.child.pid!);
      const relays: Relay[] = [];
      const redis = new Redis(options.redisUrl);
      try {
        for (let i = 0; i < 2; i++) {
          relays.push(await startRelay({ url: options.redisUrl, prefix: `${prefix}-relay` }));
          place(relays[i]!.child.pid!);
        }
        log(
          `dispatch: two nodes ${a.url}, ${b.url} with Redis ${options.redisUrl}, ` +
            `two bare relays ${relays.map((relay) => relay.url).join(', ')}`,
        );
        const nodes = [a, b].map((s) => ({ url: s.url, pid: s.child.pid! }));
        const { relay: relayIngest, ...swyft } = await measureSwyft(
          '2 nodes',
          nodes,
          twoPool,
          options,
          log,
          relays,
          redis,
        );
        twoNodes = swyft;
        twoNodesRelay = relayIngest!;
      } finally {
        redis.disconnect();
        for (const relay of relays) await relay.stop();
        await b.stop();
      }
    } finally {
      await twoPool.end();
      await a.stop();
    }
  }

  const ratio = ratioToCeiling(oneNode.ingest, relay);
  const twoNodesRatio = twoNodes && twoNodesRelay ? ratioToCeiling(twoNodes.ingest, twoNodesRelay) : null;
  return { options, oneNode, twoNodes, relay, ratio, twoNodesRelay, twoNodesRatio };
}

/** Swyft's figures over its ceiling's, measured in the same run in alternating windows. */
function ratioToCeiling(swyft: IngestFigures, relay: IngestFigures) {
  const roundRatios = swyft.windowP99Ms.map((p99, i) => p99 / relay.windowP99Ms[i]!).sort((a, b) => a - b);
  return {
    cpuPerPosition: round(swyft.serverCpuMsPer1000 / relay.serverCpuMsPer1000),
    p99: round(swyft.positionToCustomer.p99Ms / relay.positionToCustomer.p99Ms),
    /**
     * The median over rounds of Swyft's window p99 over the relay's window p99 taken just after it: a pause
     * of the machine that falls in one window moves one ratio, not the median.
     */
    p99MedianOfRounds: round(roundRatios[Math.floor((roundRatios.length - 1) / 2)]!),
  };
}

export interface DispatchFigures {
  ordersPerSecond: number;
  placed: number;
  failedPlacements: number;
  /** Placed orders whose offer never reached a partner socket of this run. */
  neverOffered: number;
  /** Offers that arrived before the POST response (counted as 0 ms from the response). */
  offeredBeforeResponse: number;
  responseToFirstOffer: LatencyFigures;
  requestToFirstOffer: LatencyFigures;
  postOrdersMs: { p50: number; p99: number };
  serverCpuPercent: number;
  /**
   * The orders of the warm-up (the first `WARMUP_MS`, left out of the figures above, as ingest's warm-up is):
   * the first offers of a fresh server run code paths and statements for the first time.
   */
  warmup: { placed: number; slowestPostMs: number; slowestFirstOfferMs: number };
}

async function measureDispatch(
  baseUrls: string[],
  productId: string,
  orderers: BenchUser[],
  offeredAt: Map<string, number>,
  serverPids: number[],
  options: DispatchBenchOptions,
  stores: Point[],
): Promise<DispatchFigures> {
  const placed: { id: string; requestedAt: number; respondedAt: number; warmup: boolean }[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const everyMs = 1000 / options.ordersPerSecond;
  const serverCpu = () => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const warmupStarted = performance.now();
  const started = warmupStarted + WARMUP_MS;
  let cpuBefore: number | undefined;
  for (let n = 0; performance.now() - started < options.durationS * 1000; n++) {
    const due = warmupStarted + n * everyMs;
    if (due > performance.now()) await sleep(due - performance.now());
    const warmup = due < started;
    if (!warmup && cpuBefore === undefined) cpuBefore = serverCpu();
    const customer = orderers[n % orderers.length]!;
    inFlight.push(
      (async () => {
        const requestedAt = performance.now();
        try {
          const res = await api<{ order: { id: string } }>(
            baseUrls[n % baseUrls.length]!,
            customer.token,
            'POST',
            '/orders',
            {
              items: [{ productId, quantity: 1 }],
              address: `${n} Dispatch Street`,
              location: near(stores[n % stores.length]!, 1),
            },
          );
          const respondedAt = performance.now();
          if (res.ok) placed.push({ id: res.json.order.id, requestedAt, respondedAt, warmup });
          else {
            failed += 1;
            if (failed <= 3) console.error(`  place: ${res.status} ${JSON.stringify(res.json)}`);
          }
        } catch (error) {
          failed += 1;
          if (failed <= 3) console.error(`  place: ${error}`);
        }
      })(),
    );
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - started) / 1000;
  const serverCpuS = serverCpu() - (cpuBefore ?? 0);
  await sleep(DRAIN_MS);
  const fromResponse: number[] = [];
  const fromRequest: number[] = [];
  let missing = 0;
  let beforeResponse = 0;
  const warmup = { placed: 0, slowestPostMs: 0, slowestFirstOfferMs: 0 };
  for (const order of placed) {
    const at = offeredAt.get(order.id);
    if (order.warmup) {
      warmup.placed += 1;
      warmup.slowestPostMs = Math.max(warmup.slowestPostMs, round(order.respondedAt - order.requestedAt));
      if (at !== undefined)
        warmup.slowestFirstOfferMs = Math.max(warmup.slowestFirstOfferMs, round(at - order.requestedAt));
      continue;
    }
    if (at === undefined) {
      missing += 1;
      continue;
    }
    if (at < order.respondedAt) beforeResponse += 1;
    fromResponse.push(Math.max(0, at - order.respondedAt));
    fromRequest.push(at - order.requestedAt);
  }
  const measured = placed.filter((o) => !o.warmup);
  const post = measured.map((o) => o.respondedAt - o.requestedAt).sort((a, b) => a - b);
  return {
    ordersPerSecond: round(measured.length / elapsedS, 1),
    placed: measured.length,
    failedPlacements: failed,
    neverOffered: missing,
    offeredBeforeResponse: beforeResponse,
    responseToFirstOffer: figures(fromResponse, missing),
    requestToFirstOffer: figures(fromRequest, missing),
    postOrdersMs: { p50: round(percentile(post, 50)), p99: round(percentile(post, 99)) },
    serverCpuPercent: round((100 * serverCpuS) / elapsedS, 1),
    warmup,
  };
}

function describeIngest(f: IngestFigures): string {
  const l = f.positionToCustomer;
  return (
    `ingest (${f.label}): ${f.positionsPerSecond} positions/s (${f.positionsRefused} refused, ` +
    `${f.estimatesReceived} order.eta), position → customer ` +
    `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms (${l.samples} samples, ${l.missing} missing), position → ` +
    `acknowledgement p50 ${f.positionToAck.p50Ms} ms, p99 ${f.positionToAck.p99Ms} ms; server CPU ` +
    `${f.serverCpuMsPer1000} ms per 1,000 positions (${f.serverCpuPercent}% of a core), main thread waiting for a ` +
    `core ${f.serverWaitingForACoreMsPerS} ms/s (a core taken from it ${f.serverPreemptionsPerS} times/s)` +
    (f.redis ? `; Redis ${f.redis.commandsPer1000} commands, ${f.redis.cpuMsPer1000} ms CPU per 1,000 positions` : '')
  );
}

function describeDispatch(d: DispatchFigures): string {
  const l = d.responseToFirstOffer;
  return (
    `dispatch: ${d.ordersPerSecond} orders/s placed (${d.failedPlacements} failed); POST /orders response → first ` +
    `offer p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms (${l.samples} samples, ${d.neverOffered} never offered, ` +
    `${d.offeredBeforeResponse} before the response)`
  );
}

export type DispatchBenchResult = Awaited<ReturnType<typeof runDispatchBench>>;

function printTable(result: DispatchBenchResult): void {
  const { oneNode, twoNodes, relay, ratio, twoNodesRelay, twoNodesRatio } = result;
  const pairs = [
    { swyft: oneNode.ingest, ceiling: relay, ratio, label: '1 node / relay' },
    ...(twoNodes && twoNodesRelay && twoNodesRatio
      ? [{ swyft: twoNodes.ingest, ceiling: twoNodesRelay, ratio: twoNodesRatio, label: '2 nodes / relays' }]
      : []),
  ];
  const columns = pairs.flatMap((pair) => [pair.swyft, pair.ceiling]);
  /** Swyft's columns say so (their figures' labels are the setups': `1 node`, `2 nodes`). */
  const headings = pairs.flatMap((pair) => [`Swyft ${pair.swyft.label}`, pair.ceiling.label]);
  const cells = (pick: (f: IngestFigures) => number | string) => columns.map((f) => String(pick(f)));
  const ratios = (pick: (r: typeof ratio) => string) => pairs.map((pair) => pick(pair.ratio));
  const none = pairs.map(() => '');
  const rows: string[][] = [
    ['ingest', ...headings, ...pairs.map((pair) => pair.label), 'target'],
    ['positions/s', ...cells((f) => f.positionsPerSecond), ...none, ''],
    ['refused', ...cells((f) => f.positionsRefused), ...none, ''],
    ['order.eta messages (live estimate)', ...cells((f) => f.estimatesReceived), ...none, ''],
    ['position → customer p50 (ms)', ...cells((f) => f.positionToCustomer.p50Ms), ...none, ''],
    [
      'position → customer p99 (ms)',
      ...cells((f) => f.positionToCustomer.p99Ms),
      ...ratios((r) => `${r.p99}×`),
      '≤ 1.5×',
    ],
    [
      '  p99 of each window (ms)',
      ...cells((f) => f.windowP99Ms.join(' / ')),
      ...ratios((r) => `median ${r.p99MedianOfRounds}×`),
      '',
    ],
    ['missing', ...cells((f) => f.positionToCustomer.missing), ...none, ''],
    [
      'position → acknowledgement p50 / p99 (ms)',
      ...cells((f) => `${f.positionToAck.p50Ms} / ${f.positionToAck.p99Ms}`),
      ...none,
      '',
    ],
    [
      'server CPU per 1,000 positions (ms)',
      ...cells((f) => f.serverCpuMsPer1000),
      ...ratios((r) => `${r.cpuPerPosition}×`),
      '≤ 1.5×',
    ],
    ['server CPU (% of a core)', ...cells((f) => f.serverCpuPercent), ...none, ''],
    ["server's main thread waiting for a core (ms/s)", ...cells((f) => f.serverWaitingForACoreMsPerS), ...none, ''],
    ['  a core taken from it (times/s)', ...cells((f) => f.serverPreemptionsPerS), ...none, ''],
    ['Redis commands per 1,000 positions', ...cells((f) => f.redis?.commandsPer1000 ?? ''), ...none, ''],
    ['Redis CPU per 1,000 positions (ms)', ...cells((f) => f.redis?.cpuMsPer1000 ?? ''), ...none, ''],
    ['client CPU per 1,000 positions (ms)', ...cells((f) => f.clientCpuMsPer1000), ...none, ''],
    ['machine busy (%)', ...cells((f) => f.machineBusyPercent), ...none, ''],
    ['  of it stolen by the host (%)', ...cells((f) => f.machineStealPercent), ...none, ''],
  ];
  const runs = [oneNode, ...(twoNodes ? [twoNodes] : [])];
  const d = (pick: (f: DispatchFigures) => number | string) => runs.map((run) => String(pick(run.dispatch)));
  const dispatchRows = [
    ['dispatch', ...runs.map((run) => run.label), 'target'],
    ['orders/s placed', ...d((f) => f.ordersPerSecond), ''],
    ['response → first offer p50 (ms)', ...d((f) => f.responseToFirstOffer.p50Ms), ''],
    ['response → first offer p99 (ms)', ...d((f) => f.responseToFirstOffer.p99Ms), '< 100'],
    ['request → first offer p99 (ms)', ...d((f) => f.requestToFirstOffer.p99Ms), ''],
    ['POST /orders p50 / p99 (ms)', ...d((f) => `${f.postOrdersMs.p50} / ${f.postOrdersMs.p99}`), ''],
    ['never offered / failed', ...d((f) => `${f.neverOffered} / ${f.failedPlacements}`), ''],
    ['server CPU (% of a core)', ...d((f) => f.serverCpuPercent), ''],
    [`warm-up (first ${WARMUP_MS / 1000} s, left out): orders`, ...d((f) => f.warmup.placed), ''],
    [
      '  slowest POST / request → first offer (ms)',
      ...d((f) => `${f.warmup.slowestPostMs} / ${f.warmup.slowestFirstOfferMs}`),
      '',
    ],
  ];
  const format = (table: string[][]) => {
    const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
    return table
      .map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
      .join('\n');
  };
  console.log(`\n${format(rows)}\n\n${format(dispatchRows)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = benchArgs(
    'Nearest dispatch under load: location ingest beside a bare Socket.IO relay, and order → first offer (npm run bench:dispatch).',
    {
      options: {
        partners: { type: 'string' },
        customers: { type: 'string' },
        duration: { type: 'string' },
        rounds: { type: 'string' },
        rate: { type: 'string' },
        quick: { type: 'boolean', default: false },
        'one-node': { type: 'boolean', default: false },
        'shared-cores': { type: 'boolean', default: false },
      },
    },
  );
  const base = { ...DISPATCH_BENCH_DEFAULTS, ...(values.quick ? QUICK : {}) };
  const options: DispatchBenchOptions = {
    ...base,
    ...(values.partners ? { partners: Number(values.partners) } : {}),
    ...(values.customers ? { customers: Number(values.customers) } : {}),
    ...(values.duration ? { durationS: Number(values.duration) } : {}),
    ...(values.rounds ? { rounds: Number(values.rounds) } : {}),
    ...(values.rate ? { ordersPerSecond: Number(values.rate) } : {}),
    ...(values['one-node'] ? { redisUrl: undefined } : {}),
    ...(values['shared-cores'] ? { clientsApart: false } : {}),
  };
  const result = await runDispatchBench(options);
  printTable(result);
  const describeRatio = (r: DispatchBenchResult['ratio']) =>
    `CPU per position ${r.cpuPerPosition}×, p99 ${r.p99}× (median of the rounds' ratios ${r.p99MedianOfRounds}×)`;
  console.log(
    `ratio to the ceiling (targets ≤ 1.5×): 1 node ${describeRatio(result.ratio)}` +
      (result.twoNodesRatio ? `; 2 nodes ${describeRatio(result.twoNodesRatio)}` : '') +
      `; first offer p99 ${result.oneNode.dispatch.responseToFirstOffer.p99Ms} ms (target < 100 ms)`,
  );
  console.log(`written to ${writeResults('dispatch', result)}`);
  process.exit(0);
}
