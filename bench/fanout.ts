// Fan-out: events per second one node delivers to 100 admin sockets (admins see every event, so each
// event goes to each of the 100), while many concurrent writers place orders through the API. The admin
// sockets run in their own process (an observing fleet) that checks every `seq` arrives on every socket
// and measures the lag from the event's `at` (its writing transaction) to its arrival.
//
//   npm run bench:fanout [-- --admins 100 --connections 32 --duration 10]
// `runFanout` is what the suite calls (on the server of the orders figure).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { fireOrders, ORDERS_DEFAULTS, openShop, orderFigures, type Shop } from './orders.js';
import { benchArgs } from './support/args.js';
import { benchPool, sleep, startBenchServer } from './support/bench-server.js';
import { startFleet } from './support/fleet.js';
import { busyPercent, cpuSeconds, machineTicks, round } from './support/proc-stats.js';
import { writeResults } from './support/results.js';
import { createUsers } from './support/users.js';

export interface FanoutOptions {
  admins: number;
  /** Concurrent writers (autocannon connections placing orders). */
  connections: number;
  durationS: number;
  /** How long to wait, after the writers stop, for every admin to have every event. */
  drainTimeoutS: number;
}

export const FANOUT_DEFAULTS: FanoutOptions = { admins: 100, connections: 32, durationS: 10, drainTimeoutS: 20 };

export interface FanoutTarget {
  url: string;
  serverPid: number;
  databaseUrl: string;
}

/** Time from an event's `at` (its writing transaction) to its seq being stamped, for the seqs in (after, upTo]. */
async function stampLag(db: pg.Pool, after: number, upTo: number) {
  const { rows } = await db.query<{ p50: number | null; p99: number | null }>(
    `SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::int AS p50,
            round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms))::int AS p99
     FROM (SELECT extract(epoch FROM dispatched_at - at) * 1000 AS ms FROM events WHERE seq > $1 AND seq <= $2) lags`,
    [after, upTo],
  );
  return rows[0]!;
}

async function lastSeq(db: pg.Pool): Promise<number> {
  return (await db.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int AS seq FROM events')).rows[0]!.seq;
}

export async function runFanout(
  target: FanoutTarget,
  shop: Shop,
  options: FanoutOptions = FANOUT_DEFAULTS,
  log: (line: string) => void = console.log,
) {
  const db = benchPool(target.databaseUrl, 2);
  const admins = await createUsers(db, options.admins, 'admin');
  const fleet = await startFleet({ url: target.url, tokens: admins.map((a) => a.token), observe: true });
  try {
    if (fleet.result.connected !== options.admins) {
      throw new Error(
        `only ${fleet.result.connected} of ${options.admins} admin sockets connected: ${JSON.stringify(fleet.result.errors)}`,
      );
    }
    await sleep(1_000);
    fleet.reset();
    const seqBefore = await lastSeq(db);
    const cpuBefore = {
      server: cpuSeconds(target.serverPid),
      observers: cpuSeconds(fleet.child.pid!),
      bench: process.cpuUsage(),
      machine: machineTicks(),
    };
    log(
      `fan-out: ${options.admins} admin sockets; ${options.connections} writers placing orders for ${options.durationS} s`,
    );
    const writers = orderFigures(
      await fireOrders(target.url, shop, options.connections, options.durationS),
      options.durationS,
    );
    const inWindow = await fleet.stats();
    const cpu = {
      server: cpuSeconds(target.serverPid) - cpuBefore.server,
      observers: cpuSeconds(fleet.child.pid!) - cpuBefore.observers,
      loadGenerator: (() => {
        const used = process.cpuUsage(cpuBefore.bench);
        return (used.user + used.system) / 1e6;
      })(),
      machineBusyPercent: busyPercent(cpuBefore.machine),
    };
    // Every event of the run on every socket, or the time runs out.
    const stoppedAt = performance.now();
    await sleep(500); // the last commits get their seq
    const seqEnd = await lastSeq(db);
    let final = await fleet.stats();
    while (final.lastSeqMin < seqEnd && performance.now() - stoppedAt < options.drainTimeoutS * 1000) {
      await sleep(100);
      final = await fleet.stats();
    }
    const drainMs = Math.round(performance.now() - stoppedAt);
    const events = seqEnd - seqBefore;
    const expected = events * options.admins;
    const result = {
      options,
      eventsWritten: events,
      eventsWrittenPerSecond: Math.round(events / options.durationS),
      /** Events each admin socket received per second while the writers ran (mean over the sockets). */
      deliveredPerSocketPerSecond: Math.round(inWindow.received / options.admins / options.durationS),
      /** Messages the node pushed per second over all 100 sockets while the writers ran. */
      deliveriesPerSecond: Math.round(inWindow.received / options.durationS),
      lagMs: final.lagMs,
      /** Part of the lag: from the event's `at` to its seq being stamped (the rest is dispatch and delivery). */
      stampLagMs: await stampLag(db, seqBefore, seqEnd),
      /** From the writers stopping to the last admin having the last event. */
      drainMs,
      delivered: final.received,
      expected,
      missing: Math.max(0, expected - final.received),
      gaps: final.gaps,
      repeats: final.repeats,
      dropped: final.dropped,
      writers: { connections: options.connections, ...writers },
      cpuSecondsPerSecond: {
        server: round(cpu.server / options.durationS),
        observers: round(cpu.observers / options.durationS),
        loadGenerator: round(cpu.loadGenerator / options.durationS),
      },
      machineBusyPercent: cpu.machineBusyPercent,
    };
    log(
      `fan-out: ${result.eventsWrittenPerSecond} events/s written, ${result.deliveredPerSocketPerSecond} events/s ` +
        `to each of ${options.admins} admins (${result.deliveriesPerSecond} messages/s); lag p50 ${result.lagMs.p50} ms, ` +
        `p99 ${result.lagMs.p99} ms (to the stamp p50 ${result.stampLagMs.p50} ms, p99 ${result.stampLagMs.p99} ms), drained ${drainMs} ms after the writers stopped; missing ${result.missing}, ` +
        `failed orders ${writers.failed}; CPU s/s server ${result.cpuSecondsPerSecond.server}, ` +
        `observers ${result.cpuSecondsPerSecond.observers}, autocannon ${result.cpuSecondsPerSecond.loadGenerator}`,
    );
    return result;
  } finally {
    await fleet.stop();
    await db.end();
  }
}

export type FanoutResult = Awaited<ReturnType<typeof runFanout>>;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = benchArgs(
    'Events per second one node fans out to admin sockets while writers place orders (npm run bench:fanout).',
    {
      options: {
        admins: { type: 'string', default: String(FANOUT_DEFAULTS.admins) },
        connections: { type: 'string', default: String(FANOUT_DEFAULTS.connections) },
        duration: { type: 'string', default: String(FANOUT_DEFAULTS.durationS) },
      },
    },
  );
  const options: FanoutOptions = {
    ...FANOUT_DEFAULTS,
    admins: Number(values.admins),
    connections: Number(values.connections),
    durationS: Number(values.duration),
  };
  const server = await startBenchServer('system');
  try {
    const shop = await openShop(server.url, ORDERS_DEFAULTS);
    const target = { url: server.url, serverPid: server.child.pid!, databaseUrl: server.databaseUrl! };
    console.log(`written to ${writeResults('fanout', await runFanout(target, shop, options))}`);
  } finally {
    await server.stop();
  }
}
