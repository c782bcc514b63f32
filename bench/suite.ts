// `npm run bench`: the benchmark suite (issue 6), every figure beside its ceiling measured in the same run.
//   1. order placement on the system PostgreSQL at 8 and 32 clients, beside pgbench running the same
//      order transaction on the same database server;
//   2. status change → customer receipt with 1,000 and 10,000 idle sockets connected;
//   3. the most idle authenticated sockets one node holds, what stopped it, and RSS per socket;
//   4. events per second one node fans out to 100 admin sockets while 32 writers place orders;
//   5. two nodes with Redis: cross-node latency, and orders/s on one node versus two;
//   6. nearest dispatch: location ingest beside a bare Socket.IO relay, and order → first offer (bench/dispatch.ts).
// Writes bench/results/<date>.json, .md (table and chart) and .svg (the chart); prints the table.
// About 8 minutes on 2 cores (the dispatch step about three). Everything it starts is stopped at the end, on error and on Ctrl+C.
//
//   npm run bench                   the full suite
//   npm run bench -- --quick        small counts and 3 s runs: checks the plumbing, numbers mean nothing
//   npm run bench -- --only orders,realtime    some steps only (orders, ceiling, fanout, realtime, two-nodes, dispatch)
//   npm run bench -- --report bench/results/<date>.json   the summary of a stored run rendered again
//   BENCH_FD_LIMIT=40000 npm run bench -- --only realtime --max-sockets 30000
//                                   (as root: a higher open-files limit, to see what holds after the fds)
// Quick and partial runs write <date>-quick / <date>-partial files beside the day's result.
import { freemem } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DISPATCH_BENCH_DEFAULTS, runDispatchBench } from './dispatch.js';
import { type FanoutOptions, runFanout } from './fanout.js';
import { benchOrders, ORDERS_DEFAULTS, type OrdersOptions, openShop, postgresVersion } from './orders.js';
import { runOrderCeiling } from './orders-ceiling.js';
import { REALTIME_DEFAULTS, type RealtimeOptions, runRealtime } from './realtime-latency.js';
import { benchArgs } from './support/args.js';
import { SYSTEM_POSTGRES_URL, startBenchServer } from './support/bench-server.js';
import { fdLimit, loadAverage } from './support/proc-stats.js';
import { cleanUpEverything, leftoverProcesses } from './support/processes.js';
import { machine, RESULTS_DIR } from './support/results.js';
import {
  rewriteSummary,
  type SuiteRecord,
  type SuiteResults,
  type SuiteSettings,
  writeSummary,
} from './support/summary.js';
import { runTwoNodes, TWO_NODES_DEFAULTS, type TwoNodesOptions } from './two-nodes.js';

const { values: args } = benchArgs(
  'The benchmark suite: every figure beside its ceiling, measured in the same run (npm run bench).',
  {
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'max-sockets': { type: 'string' },
      report: { type: 'string' },
    },
  },
);
if (args.report) {
  // Render the summary of a stored run again; measures nothing.
  console.log(`\n${rewriteSummary(args.report).table}\n`);
  process.exit(0);
}
const STEPS = ['orders', 'ceiling', 'fanout', 'realtime', 'two-nodes', 'dispatch'] as const;
const only = new Set(args.only ? args.only.split(',') : STEPS);
for (const name of only)
  if (!(STEPS as readonly string[]).includes(name)) throw new Error(`--only: unknown step ${name}`);

const quick = args.quick;
const CLIENTS = [8, 32];
const settings: SuiteSettings = {
  clients: CLIENTS,
  orders: {
    ...ORDERS_DEFAULTS,
    connections: CLIENTS,
    durationS: quick ? 3 : 15,
    warmupS: quick ? 1 : 3,
  } as OrdersOptions,
  ceiling: { clients: CLIENTS, durationS: quick ? 3 : 15 },
  fanout: { admins: 100, connections: 32, durationS: quick ? 3 : 15, drainTimeoutS: 20 } as FanoutOptions,
  realtime: {
    ...REALTIME_DEFAULTS,
    steps: quick ? [100, 300] : [1_000, 10_000],
    maxSockets: args['max-sockets'] ? Number(args['max-sockets']) : quick ? 500 : 20_000,
    ratePerSecond: 40,
    durationS: quick ? 3 : 15,
    lanes: 40,
  } as RealtimeOptions,
  twoNodes: {
    ...TWO_NODES_DEFAULTS,
    latency: { ...TWO_NODES_DEFAULTS.latency, ratePerSecond: 40, durationS: quick ? 3 : 12 },
    orders: { connections: [32], durationS: quick ? 3 : 12, warmupS: quick ? 1 : 3 },
  } as TwoNodesOptions,
  dispatch: quick
    ? { ...DISPATCH_BENCH_DEFAULTS, partners: 300, customers: 100, durationS: 3, rounds: 1 }
    : { ...DISPATCH_BENCH_DEFAULTS },
};

const suiteStarted = performance.now();
const clock = () => {
  const s = Math.floor((performance.now() - suiteStarted) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const progress = (line: string) => console.log(`[${clock()}] ${line}`);
const errors: Record<string, string> = {};

async function step<T>(name: string, run: () => Promise<T>): Promise<T | null> {
  const started = performance.now();
  progress(`▶ ${name}`);
  try {
    const result = await run();
    progress(`✓ ${name} (${Math.round((performance.now() - started) / 1000)} s)`);
    return result;
  } catch (error) {
    errors[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
    progress(`✗ ${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    return null;
  }
}

// ---- preflight ---------------------------------------------------------------------------------------------
const preflight = {
  loadAverage1m: loadAverage(),
  fdLimit: fdLimit(process.pid),
  freeMemoryGB: Math.round(freemem() / 1024 ** 3),
  quick,
};
progress(
  `bench suite${quick ? ' (quick: plumbing only, numbers mean nothing)' : ''}: load average ${preflight.loadAverage1m}, ` +
    `open files limit ${preflight.fdLimit.soft} (hard ${preflight.fdLimit.hard}); steps ${[...only].join(', ')}`,
);
if (preflight.fdLimit.soft < settings.realtime.maxSockets) {
  progress(`note: the open files limit ${preflight.fdLimit.soft} is below ${settings.realtime.maxSockets} sockets`);
}

// ---- the steps ---------------------------------------------------------------------------------------------
const results: SuiteResults = {};

try {
  if (only.has('orders') || only.has('fanout')) {
    await step('order placement and fan-out: one server on the system PostgreSQL', async () => {
      const server = await startBenchServer('system');
      try {
        results.postgres = await postgresVersion(server.databaseUrl);
        const target = {
          label: 'ours',
          url: server.url,
          serverPids: [server.child.pid!],
          databaseUrl: server.databaseUrl,
        };
        let shop: Awaited<ReturnType<typeof benchOrders>>['shop'] | undefined;
        if (only.has('orders')) {
          results.orders = await step(`1. orders/s at ${CLIENTS.join(' and ')} clients`, async () => {
            const { shop: opened, ...rest } = await benchOrders(target, settings.orders, undefined, progress);
            shop = opened;
            return rest;
          });
        }
        if (only.has('fanout')) {
          results.fanout = await step(`4. fan-out to ${settings.fanout.admins} admin sockets`, async () => {
            const theShop = shop ?? (await openShop(server.url, settings.orders));
            return runFanout(
              { url: server.url, serverPid: server.child.pid!, databaseUrl: server.databaseUrl! },
              theShop,
              settings.fanout,
              progress,
            );
          });
        }
      } finally {
        await server.stop();
      }
    });
  }
  if (only.has('ceiling')) {
    results.ceiling = await step('1. ceiling: pgbench, the same order transaction as raw SQL', async () => {
      const runs = await runOrderCeiling(settings.ceiling.clients, settings.ceiling.durationS);
      for (const run of runs) {
        progress(
          `pgbench ${run.clients} clients: ${run.transactionsPerSecond} orders/s, p50 ${run.latencyMs.p50} ms, ` +
            `p99 ${run.latencyMs.p99} ms, failed ${run.failed}`,
        );
      }
      return runs;
    });
  }
  if (only.has('realtime')) {
    results.realtime = await step(
      `2.+3. status change latency with ${settings.realtime.steps.join(' and ')} idle sockets; then up to ${settings.realtime.maxSockets}`,
      () => runRealtime(settings.realtime, progress),
    );
  }
  if (only.has('two-nodes')) {
    results.twoNodes = await step('5. two nodes with Redis', () => runTwoNodes(settings.twoNodes, progress));
  }
  if (only.has('dispatch')) {
    results.dispatch = await step('6. nearest dispatch: location ingest and first offer', () =>
      runDispatchBench(settings.dispatch!, progress),
    );
  }
} finally {
  await cleanUpEverything();
}

// ---- what is left behind ----------------------------------------------------------------------------------
const leftovers = leftoverProcesses().map((p) => `${p.pid} ${p.command}`);
let leftoverDatabases: string[] = [];
try {
  const client = new pg.Client({ connectionString: SYSTEM_POSTGRES_URL });
  await client.connect();
  leftoverDatabases = (
    await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'swyft\\_bench\\_%' OR datname LIKE 'swyft\\_ceiling\\_%'`,
    )
  ).rows.map((row) => row.datname);
  await client.end();
} catch (error) {
  leftoverDatabases = [`(could not check: ${error})`];
}
const suiteSeconds = Math.round((performance.now() - suiteStarted) / 1000);

// ---- files -------------------------------------------------------------------------------------------------
const date = new Date().toISOString().slice(0, 10);
// Only a full run is the day's result; a quick or partial one is written beside it (and not committed).
const variant = quick ? '-quick' : args.only || args['max-sockets'] ? '-partial' : '';
const record: SuiteRecord = {
  name: 'bench',
  at: new Date().toISOString(),
  variant,
  machine: machine(),
  preflight,
  suiteSeconds,
  settings,
  errors,
  leftovers: { processes: leftovers, databases: leftoverDatabases },
  results,
};
const base = path.join(RESULTS_DIR, `${date}${variant}`);
const summary = writeSummary(record, base);
progress(`done in ${Math.floor(suiteSeconds / 60)} min ${suiteSeconds % 60} s; written ${base}.{json,md,svg}`);
console.log(`\n${summary.table}\n`);
if (summary.problems.length) console.log(`Problems:\n${summary.problems.map((p) => `- ${p}`).join('\n')}\n`);
process.exitCode = Object.keys(errors).length > 0 ? 1 : 0;
