// `npm run bench`: the benchmark suite (issue 6), every figure beside its ceiling measured in the same run.
//   1. order placement on the system PostgreSQL at 8 and 32 clients, beside pgbench running the same
//      order transaction on the same database server;
//   2. status change → customer receipt with 1,000 and 10,000 idle sockets connected;
//   3. the most idle authenticated sockets one node holds, what stopped it, and RSS per socket;
//   4. events per second one node fans out to 100 admin sockets while 32 writers place orders;
//   5. two nodes with Redis: cross-node latency, and orders/s on one node versus two.
// Writes bench/results/<date>.json, .md (table and chart) and .svg (the chart); prints the table.
// About 6 minutes on 2 cores. Everything it starts is stopped at the end, on error and on Ctrl+C.
//
//   npm run bench                   the full suite
//   npm run bench -- --quick        small counts and 3 s runs: checks the plumbing, numbers mean nothing
//   npm run bench -- --only orders,realtime    some steps only (orders, ceiling, fanout, realtime, two-nodes)
//   BENCH_FD_LIMIT=40000 npm run bench -- --only realtime --max-sockets 30000
//                                   (as root: a higher open-files limit, to see what holds after the fds)
// Quick and partial runs write <date>-quick / <date>-partial files beside the day's result.
import { writeFileSync } from 'node:fs';
import { freemem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type FanoutOptions, type FanoutResult, runFanout } from './fanout.js';
import { benchOrders, ORDERS_DEFAULTS, type OrdersOptions, openShop, postgresVersion } from './orders.js';
import { runOrderCeiling } from './orders-ceiling.js';
import { REALTIME_DEFAULTS, type RealtimeOptions, type RealtimeResult, runRealtime } from './realtime-latency.js';
import { SYSTEM_POSTGRES_URL, startBenchServer } from './support/bench-server.js';
import { fdLimit, loadAverage } from './support/proc-stats.js';
import { cleanUpEverything, leftoverProcesses } from './support/processes.js';
import { type Figure, markdownTable, svgChart } from './support/report.js';
import { machine, RESULTS_DIR } from './support/results.js';
import { runTwoNodes, TWO_NODES_DEFAULTS, type TwoNodesOptions, type TwoNodesResult } from './two-nodes.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'max-sockets': { type: 'string' },
  },
});
const STEPS = ['orders', 'ceiling', 'fanout', 'realtime', 'two-nodes'] as const;
const only = new Set(args.only ? args.only.split(',') : STEPS);
for (const name of only)
  if (!(STEPS as readonly string[]).includes(name)) throw new Error(`--only: unknown step ${name}`);

const quick = args.quick;
const CLIENTS = [8, 32];
const settings = {
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
type OrdersResult = Omit<Awaited<ReturnType<typeof benchOrders>>, 'shop'>;
const results: {
  postgres?: string | null;
  orders?: OrdersResult | null;
  ceiling?: Awaited<ReturnType<typeof runOrderCeiling>> | null;
  fanout?: FanoutResult | null;
  realtime?: RealtimeResult | null;
  twoNodes?: TwoNodesResult | null;
} = {};

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

// ---- figures ------------------------------------------------------------------------------------------------
const m = machine();
const figures: Figure[] = [];
const problems: string[] = [];
const evidence: string[] = [];
const ms = (value: number | null | undefined) => (value === null || value === undefined ? 'n/a' : `${value} ms`);

{
  const group = `1. Order placement, system PostgreSQL ${results.postgres ?? ''}`.trim();
  for (const clients of CLIENTS) {
    const ours = results.orders?.runs.find((run) => run.connections === clients);
    const ceiling = results.ceiling?.find((run) => run.clients === clients);
    const ratio = ours && ceiling ? ours.ordersPerSecond / ceiling.transactionsPerSecond : null;
    figures.push({
      group,
      name: `orders/s, ${clients} clients`,
      measured: ours?.ordersPerSecond ?? null,
      unit: 'orders/s',
      reference: ceiling?.transactionsPerSecond ?? null,
      referenceLabel: 'pgbench',
      better: 'higher',
      target: { text: '≥ 40 % of pgbench', met: ratio === null ? null : ratio >= 0.4 },
    });
    figures.push({
      group,
      name: `p99 latency, ${clients} clients`,
      measured: ours?.latencyMs.p99 ?? null,
      unit: 'ms',
      reference: ceiling?.latencyMs.p99 ?? null,
      referenceLabel: 'pgbench',
      better: 'lower',
      note: `p50 ${ms(ours?.latencyMs.p50)}, pgbench p50 ${ms(ceiling?.latencyMs.p50)}`,
      ...(clients === 32 ? { target: { text: 'p99 < 50 ms', met: ours ? ours.latencyMs.p99 < 50 : null } } : {}),
    });
    if (ours) {
      const cpu = ours.cpuMsPerOrder;
      const cpuMs = (cpu.server ?? 0) + (cpu.postgres ?? 0) + (cpu.loadGenerator ?? 0);
      const meanMs = (1000 * clients) / Math.max(1, ours.ordersPerSecond);
      evidence.push(
        `Orders, ${clients} clients: ${cpuMs.toFixed(2)} CPU ms per order in all, so ${m.cpus} cores place at most ` +
          `${Math.round((m.cpus * 1000) / cpuMs)} orders/s; with ${clients} clients always waiting, the mean latency ` +
          `is ${clients} / ${ours.ordersPerSecond} per s = ${meanMs.toFixed(1)} ms (Little's law), p99 ${ours.latencyMs.p99} ms.`,
      );
      evidence.push(
        `Orders, ${clients} clients: CPU ms per order: server ${cpu.server}, PostgreSQL ${cpu.postgres} ` +
          `(${Object.entries(cpu.postgresBy)
            .map(([name, value]) => `${name} ${value}`)
            .join(', ')}), autocannon ${cpu.loadGenerator}; machine ${ours.machineBusyPercent} % busy.`,
      );
    }
    if (ceiling?.failed) problems.push(`pgbench ${clients} clients: ${ceiling.failed} failed transactions`);
  }
  for (const problem of results.orders?.problems ?? []) problems.push(problem);
  if (results.orders?.databaseCheck) {
    const check = results.orders.databaseCheck;
    evidence.push(`Orders: ${check.answered201} answered 201, ${check.newRows} new rows in the database.`);
  }
}

{
  const group = '2. Status change → customer receipt (from the response to the change request)';
  for (const stepResult of results.realtime?.steps ?? []) {
    const s = stepResult.latency.statusChangeToCustomer;
    figures.push({
      group,
      name: `p99, ${stepResult.connected.toLocaleString('en-US')} idle sockets`,
      measured: s.p99Ms,
      unit: 'ms',
      reference: 50,
      referenceLabel: 'target',
      better: 'lower',
      note: `p50 ${s.p50Ms} ms, ${s.samples} samples`,
      target: { text: 'p99 < 50 ms', met: s.p99Ms < 50 },
    });
    if (s.missing) problems.push(`${stepResult.idleSockets} idle sockets: ${s.missing} status events never arrived`);
    if (stepResult.latency.failedRequests) {
      problems.push(
        `${stepResult.idleSockets} idle sockets: ${stepResult.latency.failedRequests} change requests failed`,
      );
    }
    if (stepResult.failed)
      problems.push(`${stepResult.idleSockets} idle sockets: ${stepResult.failed} failed to connect`);
    evidence.push(
      `Latency with ${stepResult.connected} idle sockets: ${stepResult.latency.changes} changes at ` +
        `${stepResult.latency.options.ratePerSecond}/s; HTTP request p50 ${stepResult.latency.httpRequestMs.p50} ms, ` +
        `p99 ${stepResult.latency.httpRequestMs.p99} ms; to the admin p99 ${stepResult.latency.anyChangeToAdmin.p99Ms} ms; ` +
        `server RSS ${Math.round(stepResult.serverRssBytes / 1024 ** 2)} MB.`,
    );
  }
}

{
  const group = '3. Idle authenticated sockets on one node';
  const c = results.realtime?.capacity;
  if (c) {
    figures.push({
      group,
      name: 'sockets held',
      measured: c.held,
      unit: 'sockets',
      reference: 20_000,
      referenceLabel: 'target',
      better: 'higher',
      note: `${c.attempted.toLocaleString('en-US')} attempted`,
      target: { text: '≥ 20,000', met: c.held >= 20_000 },
    });
    figures.push({
      group,
      name: 'RSS per idle socket',
      measured: c.rssPerSocketKB,
      unit: 'KB',
      reference: 20,
      referenceLabel: 'target',
      better: 'lower',
      note: `${c.rssPerSocketOverallKB} KB averaged over the whole fleet`,
      target: { text: '< 20 KB', met: c.rssPerSocketKB < 20 },
    });
    evidence.push(
      `Sockets: held ${c.held} of ${c.attempted} attempted (server's highest swyft_open_sockets ${c.serverOpenSocketsMax}, ` +
        `${c.failed} failed, ${c.dropped} dropped; errors ${JSON.stringify(c.errors)}); server fds ${c.serverFds.open} ` +
        `of ${c.serverFds.softLimit} (hard ${c.serverFds.hardLimit}); largest client fleet ${c.fleetFds.largestOpen} fds ` +
        `of ${c.fleetFds.softLimit}; server RSS ${Math.round(c.memory.serverRssBytes / 1024 ** 2)} MB, machine free ` +
        `${Math.round(c.memory.machineFreeBytes / 1024 ** 3)} GB; connecting took ${c.connectSeconds} s. ` +
        `Limited by: ${c.limitedBy}.`,
    );
    if (c.dropped) problems.push(`${c.dropped} idle sockets were dropped after connecting`);
  }
}

{
  const group = `4. Fan-out to ${settings.fanout.admins} admin sockets (${settings.fanout.connections} writers placing orders)`;
  const f = results.fanout;
  if (f) {
    const withoutAdmins = results.orders?.runs.find((run) => run.connections === settings.fanout.connections);
    figures.push({
      group,
      name: 'events/s delivered to each admin',
      measured: f.deliveredPerSocketPerSecond,
      unit: 'events/s',
      reference: f.eventsWrittenPerSecond,
      referenceLabel: 'events written/s',
      better: 'higher',
      note: `${f.deliveriesPerSecond.toLocaleString('en-US')} messages/s in all`,
    });
    figures.push({
      group,
      name: 'lag p99, event written → admin',
      measured: f.lagMs.p99,
      unit: 'ms',
      reference: f.writers.latencyMs.p99,
      referenceLabel: 'order request p99',
      better: 'lower',
      note: `p50 ${ms(f.lagMs.p50)}; written → seq stamped p50 ${ms(f.stampLagMs.p50)}, p99 ${ms(f.stampLagMs.p99)}; all delivered ${f.drainMs} ms after the writers stopped`,
    });
    figures.push({
      group,
      name: 'orders/s while fanning out',
      measured: f.writers.ordersPerSecond,
      unit: 'orders/s',
      reference: withoutAdmins?.ordersPerSecond ?? null,
      referenceLabel: 'without admins',
      better: 'higher',
    });
    if (f.missing || f.gaps || f.repeats) {
      problems.push(
        `fan-out: ${f.missing} deliveries missing, ${f.gaps} gaps, ${f.repeats} repeats (of ${f.expected})`,
      );
    }
    if (f.dropped) problems.push(`fan-out: ${f.dropped} admin sockets dropped`);
    if (f.writers.failed) problems.push(`fan-out: ${f.writers.failed} order requests failed`);
    const serverMsPerOrder = (1000 * f.cpuSecondsPerSecond.server) / Math.max(1, f.writers.ordersPerSecond);
    const withoutMsPerOrder = withoutAdmins?.cpuMsPerOrder.server;
    if (withoutMsPerOrder) {
      evidence.push(
        `Fan-out cost on the server: ${serverMsPerOrder.toFixed(2)} CPU ms per order with ${f.options.admins} admins ` +
          `watching, ${withoutMsPerOrder} without: about ${Math.round(((serverMsPerOrder - withoutMsPerOrder) * 1000) / f.options.admins)} µs ` +
          `of server CPU per event delivered to one socket.`,
      );
    }
    evidence.push(
      `Fan-out: ${f.delivered} of ${f.expected} deliveries (${f.eventsWritten} events × ${f.options.admins} sockets); ` +
        `CPU seconds per second: server ${f.cpuSecondsPerSecond.server}, the 100 observing sockets ` +
        `${f.cpuSecondsPerSecond.observers}, autocannon ${f.cpuSecondsPerSecond.loadGenerator}; machine ` +
        `${f.machineBusyPercent} % busy.`,
    );
  }
}

{
  const group = '5. Two nodes with Redis';
  const t = results.twoNodes;
  if (t) {
    const sameNode = results.realtime?.steps[0]?.latency.statusChangeToCustomer;
    const ways = [
      ['overRedis', 'change on the sequencer’s node → customer on the other (over Redis)'],
      ['overPostgres', 'change on the other node → customer on the sequencer’s (over PostgreSQL)'],
    ] as const;
    for (const [way, name] of ways) {
      const latency = t.crossNode[way];
      const s = latency.statusChangeToCustomer;
      figures.push({
        group,
        name: `cross-node p99, ${name}`,
        measured: s.p99Ms,
        unit: 'ms',
        reference: sameNode?.p99Ms ?? null,
        referenceLabel: 'same node',
        better: 'lower',
        note: `p50 ${s.p50Ms} ms, ${s.samples} samples`,
        target: { text: 'p99 < 100 ms', met: s.p99Ms < 100 },
      });
      if (s.missing) problems.push(`cross-node ${way}: ${s.missing} status events never arrived`);
      if (latency.failedRequests) problems.push(`cross-node ${way}: ${latency.failedRequests} change requests failed`);
    }
    const one = t.oneNode.runs[0];
    const two = t.twoNodes.runs[0];
    figures.push({
      group,
      name: `orders/s on two nodes, ${two?.connections ?? ''} clients`,
      measured: two?.ordersPerSecond ?? null,
      unit: 'orders/s',
      reference: one?.ordersPerSecond ?? null,
      referenceLabel: 'one node',
      better: 'higher',
      note: `p99 ${ms(two?.latencyMs.p99)}, one node ${ms(one?.latencyMs.p99)}`,
    });
    for (const problem of [...t.oneNode.problems, ...t.twoNodes.problems]) problems.push(problem);
    for (const run of [one, two]) {
      if (!run) continue;
      evidence.push(
        `Orders, ${run === one ? 'one node' : 'two nodes'}: CPU ms per order: servers ${run.cpuMsPerOrder.server}, ` +
          `PostgreSQL ${run.cpuMsPerOrder.postgres}, autocannon ${run.cpuMsPerOrder.loadGenerator}; machine ` +
          `${run.machineBusyPercent} % busy.`,
      );
    }
  }
}

for (const [name, error] of Object.entries(errors)) problems.push(`step failed: ${name}: ${error.split('\n')[0]}`);
if (leftovers.length) problems.push(`processes left behind: ${leftovers.join('; ')}`);
if (leftoverDatabases.length) problems.push(`bench databases left behind: ${leftoverDatabases.join(', ')}`);

// ---- files -------------------------------------------------------------------------------------------------
const date = new Date().toISOString().slice(0, 10);
// Only a full run is the day's result; a quick or partial one is written beside it (and not committed).
const partial = quick ? '-quick' : args.only || args['max-sockets'] ? '-partial' : '';
const base = path.join(RESULTS_DIR, `${date}${partial}`);
const shown = figures.filter((figure) => figure.measured !== null || figure.reference !== null);
const table = markdownTable(shown);
const svgName = `${path.basename(base)}.svg`;
writeFileSync(`${base}.svg`, svgChart(shown, `Swyft benchmark ${date}: each figure beside its ceiling or target`));
const durations =
  `orders ${settings.orders.durationS} s per client count after a ${settings.orders.warmupS} s warm-up; ` +
  `pgbench ${settings.ceiling.durationS} s per client count; status latency ${settings.realtime.durationS} s at ` +
  `${settings.realtime.ratePerSecond} changes/s over ${settings.realtime.lanes} orders in flight per step; fan-out ` +
  `${settings.fanout.durationS} s; two nodes: latency ${settings.twoNodes.latency.durationS} s, orders ` +
  `${settings.twoNodes.orders.durationS} s per setup`;
const markdown = `# Benchmark ${date}${quick ? ' (quick run: plumbing only)' : ''}

\`npm run bench\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}, PostgreSQL ${results.postgres ?? 'n/a'}
(system), Redis local. The suite took ${Math.floor(suiteSeconds / 60)} min ${suiteSeconds % 60} s; load average before it
${preflight.loadAverage1m}. Durations: ${durations}. Every server, database and client runs on this one machine, so
each figure includes the load generators' share of the 2 cores.

${table}

![chart](${svgName})

## Problems seen in this run

${problems.length ? problems.map((p) => `- ${p}`).join('\n') : '- none: no failed request, no missing or repeated event, no process or database left behind'}

## Evidence

${evidence.map((e) => `- ${e}`).join('\n')}

## How each figure is measured

1. \`benchOrders\` (bench/orders.ts): autocannon posts one-line orders (100 products, 64 customers) to one server
   on a fresh database; the ceiling is \`runOrderCeiling\` (bench/orders-ceiling.ts): pgbench running the same
   transaction (take stock with the guarded locked UPDATE, insert order, item, timeline entry and event with its
   NOTIFY) as raw SQL on the same PostgreSQL server, at the same client counts.
2. \`measureChangeLatency\` (bench/realtime-latency.ts): orders walked from placed to delivered at a steady pace
   through the API; the customer's socket records each event's arrival; latency is from the change request's
   response to the arrival (an event that arrives first counts as 0). Idle sockets are authenticated customers
   connected by separate fleet processes (bench/support/realtime-fleet.ts).
3. \`runRealtime\`: the idle fleet grown to ${settings.realtime.maxSockets.toLocaleString('en-US')} sockets, at most
   ${settings.realtime.socketsPerFleet.toLocaleString('en-US')} per client process (so the client side never hits
   its file-descriptor limit); RSS per socket is the server's RSS growth from the last latency step to the most
   held, divided by the sockets added (nothing else ran in between).
4. \`runFanout\` (bench/fanout.ts): ${settings.fanout.admins} admin sockets in an observing fleet process check that every
   seq arrives on every socket once and in order, and measure the lag from the event's \`at\` (its writing
   transaction) to the arrival; ${settings.fanout.connections} autocannon writers place orders (one event each).
5. \`runTwoNodes\` (bench/two-nodes.ts): two nodes and nginx as \`npm run cluster\` starts them (scripts/cluster.ts),
   on a fresh database and Redis prefix; the latency driver makes the changes through one node while the
   customers listen on the other, both ways round (one node, the sequencer, stamps every event and hands it
   to the other over Redis; a change made on the other node reaches it through PostgreSQL); orders/s with
   autocannon on one node alone, then with its connections split over both (not through nginx, which hashes
   clients by address and would send one load generator to one node). Same database, same Redis.
`;
writeFileSync(`${base}.md`, markdown);
writeFileSync(
  `${base}.json`,
  `${JSON.stringify(
    {
      name: 'bench',
      at: new Date().toISOString(),
      machine: m,
      preflight,
      suiteSeconds,
      settings,
      figures,
      problems,
      evidence,
      errors,
      leftovers: { processes: leftovers, databases: leftoverDatabases },
      results,
    },
    null,
    2,
  )}\n`,
);

progress(`done in ${Math.floor(suiteSeconds / 60)} min ${suiteSeconds % 60} s; written ${base}.{json,md,svg}`);
console.log(`\n${table}\n`);
if (problems.length) console.log(`Problems:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
process.exitCode = Object.keys(errors).length > 0 ? 1 : 0;
