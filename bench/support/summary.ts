// The suite's record (what bench/results/<date>.json holds) turned into figures, each beside its ceiling or
// target, the problems seen, the evidence behind each figure, and the markdown summary with its chart.
// `npm run bench -- --report bench/results/<date>.json` renders them again from a stored record.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DispatchBenchOptions, DispatchBenchResult } from '../dispatch.js';
import type { FanoutOptions, FanoutResult } from '../fanout.js';
import type { benchOrders, OrdersOptions } from '../orders.js';
import type { CeilingRun } from '../orders-ceiling.js';
import type { RealtimeOptions, RealtimeResult } from '../realtime-latency.js';
import type { TwoNodesOptions, TwoNodesResult } from '../two-nodes.js';
import { type Figure, markdownTable, svgChart } from './report.js';
import type { machine } from './results.js';

export interface SuiteSettings {
  clients: number[];
  orders: OrdersOptions;
  ceiling: { clients: number[]; durationS: number };
  fanout: FanoutOptions;
  realtime: RealtimeOptions;
  twoNodes: TwoNodesOptions;
  /** Absent in records written before the dispatch step joined the suite. */
  dispatch?: DispatchBenchOptions;
}

export interface SuiteResults {
  postgres?: string | null;
  orders?: Omit<Awaited<ReturnType<typeof benchOrders>>, 'shop'> | null;
  ceiling?: CeilingRun[] | null;
  fanout?: FanoutResult | null;
  realtime?: RealtimeResult | null;
  twoNodes?: TwoNodesResult | null;
  dispatch?: DispatchBenchResult | null;
}

export interface SuiteRecord {
  name: 'bench';
  at: string;
  /** '' for a full run, '-quick' or '-partial' otherwise (also the file name's suffix). */
  variant: '' | '-quick' | '-partial';
  machine: ReturnType<typeof machine>;
  preflight: { loadAverage1m: number; fdLimit: { soft: number; hard: number }; freeMemoryGB: number };
  suiteSeconds: number;
  settings: SuiteSettings;
  errors: Record<string, string>;
  leftovers: { processes: string[]; databases: string[] };
  results: SuiteResults;
}

export function summarize(record: SuiteRecord, svgName: string) {
  // (records written before `clients` and `variant` were stored: the orders' client counts, a full run)
  const CLIENTS = record.settings.clients ?? [...record.settings.orders.connections].sort((a, b) => a - b);
  const m = record.machine;
  const figures: Figure[] = [];
  const problems: string[] = [];
  const evidence: string[] = [];
  const ms = (value: number | null | undefined) => (value === null || value === undefined ? 'n/a' : `${value} ms`);

  {
    const group = `1. Order placement, system PostgreSQL ${record.results.postgres ?? ''}`.trim();
    for (const clients of CLIENTS) {
      const ours = record.results.orders?.runs.find((run) => run.connections === clients);
      const ceiling = record.results.ceiling?.find((run) => run.clients === clients);
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
          `Orders, ${clients} clients: ${cpuMs.toFixed(2)} CPU ms per order in all, so ${record.machine.cpus} cores place at most ` +
            `${Math.round((record.machine.cpus * 1000) / cpuMs)} orders/s; with ${clients} clients always waiting, the mean latency ` +
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
    for (const problem of record.results.orders?.problems ?? []) problems.push(problem);
    if (record.results.orders?.databaseCheck) {
      const check = record.results.orders.databaseCheck;
      evidence.push(
        `Orders: ${check.answered201} answered 201, ${check.newRows} new rows in the database (more by at most ` +
          `${CLIENTS.reduce((sum, n) => sum + n, 0)}: the requests in flight when each run's clock stopped).`,
      );
    }
  }

  {
    const group = '2. Status change → customer receipt (from the response to the change request)';
    for (const stepResult of record.results.realtime?.steps ?? []) {
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
    const c = record.results.realtime?.capacity;
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
    const group = `4. Fan-out to ${record.settings.fanout.admins} admin sockets (${record.settings.fanout.connections} writers placing orders)`;
    const f = record.results.fanout;
    if (f) {
      const withoutAdmins = record.results.orders?.runs.find(
        (run) => run.connections === record.settings.fanout.connections,
      );
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
    const t = record.results.twoNodes;
    if (t) {
      const sameNode = record.results.realtime?.steps[0]?.latency.statusChangeToCustomer;
      const ways = [
        ['overRedis', 'over Redis', 'change on the sequencer’s node → customer on the other'],
        ['overPostgres', 'over PostgreSQL', 'change on the other node → customer on the sequencer’s'],
      ] as const;
      for (const [way, name, direction] of ways) {
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
          note: `${direction}; p50 ${s.p50Ms} ms, ${s.samples} samples`,
          target: { text: 'p99 < 100 ms', met: s.p99Ms < 100 },
        });
        if (s.missing) problems.push(`cross-node ${way}: ${s.missing} status events never arrived`);
        if (latency.failedRequests)
          problems.push(`cross-node ${way}: ${latency.failedRequests} change requests failed`);
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

  {
    const d = record.results.dispatch;
    if (d) {
      // No `placement`: the clients were not confined (`--shared-cores`, no `taskset`, or a record from before).
      const cores = d.placement
        ? `; clients on cores ${d.placement.clients}, servers on ${d.placement.servers}`
        : '; clients and servers on every core';
      const group = `6. Nearest dispatch: ${d.options.partners} partners every ${d.options.positionEveryS} s, ${d.options.customers} watching${cores}`;
      const swyft = d.oneNode.ingest;
      figures.push({
        group,
        name: 'server CPU per 1,000 positions',
        measured: swyft.serverCpuMsPer1000,
        unit: 'ms',
        reference: d.relay.serverCpuMsPer1000,
        referenceLabel: 'bare Socket.IO relay',
        better: 'lower',
        note: `${swyft.positionsPerSecond} positions/s; ${d.ratio.cpuPerPosition}× the relay`,
        target: { text: '≤ 1.5× the relay', met: d.ratio.cpuPerPosition <= 1.5 },
      });
      figures.push({
        group,
        name: 'position → customer p99',
        measured: swyft.positionToCustomer.p99Ms,
        unit: 'ms',
        reference: d.relay.positionToCustomer.p99Ms,
        referenceLabel: 'bare Socket.IO relay',
        better: 'lower',
        note:
          `p50 ${swyft.positionToCustomer.p50Ms} ms, relay p50 ${d.relay.positionToCustomer.p50Ms} ms; ${d.ratio.p99}× the relay (median of the rounds' ratios ${d.ratio.p99MedianOfRounds}×)` +
          // Absent in records written before the bench read the servers' waits.
          (swyft.serverWaitingForACoreMsPerS === undefined
            ? ''
            : `; main thread waiting for a core ${swyft.serverWaitingForACoreMsPerS} ms/s, the relay's ${d.relay.serverWaitingForACoreMsPerS} ms/s`),
        target: { text: '≤ 1.5× the relay', met: d.ratio.p99 <= 1.5 },
      });
      const first = d.oneNode.dispatch.responseToFirstOffer;
      figures.push({
        group,
        name: `order → first offer p99, ${d.options.ordersPerSecond} orders/s`,
        measured: first.p99Ms,
        unit: 'ms',
        reference: 100,
        referenceLabel: 'target',
        better: 'lower',
        note: `p50 ${first.p50Ms} ms, ${first.samples} orders`,
        target: { text: 'p99 < 100 ms', met: first.p99Ms < 100 },
      });
      if (swyft.positionToCustomer.missing)
        problems.push(`dispatch: ${swyft.positionToCustomer.missing} positions never reached their customer`);
      if (d.oneNode.dispatch.neverOffered)
        problems.push(`dispatch: ${d.oneNode.dispatch.neverOffered} orders never offered`);
      if (d.twoNodes) {
        // Records from before the two-node ceiling have no `twoNodesRelay`.
        const ceiling =
          d.twoNodesRelay && d.twoNodesRatio
            ? ` (two bare relays with Redis: ${d.twoNodesRelay.serverCpuMsPer1000} ms and ` +
              `${d.twoNodesRelay.positionToCustomer.p99Ms} ms; ${d.twoNodesRatio.cpuPerPosition}× and ${d.twoNodesRatio.p99}×, ` +
              `median of the rounds' p99 ratios ${d.twoNodesRatio.p99MedianOfRounds}×)`
            : '';
        evidence.push(
          `Dispatch, two nodes with Redis: ${d.twoNodes.ingest.serverCpuMsPer1000} ms CPU per 1,000 positions (summed), ` +
            `position → customer p99 ${d.twoNodes.ingest.positionToCustomer.p99Ms} ms${ceiling}, first offer p99 ` +
            `${d.twoNodes.dispatch.responseToFirstOffer.p99Ms} ms.`,
        );
      }
    }
  }

  for (const [name, error] of Object.entries(record.errors))
    problems.push(`step failed: ${name}: ${error.split('\n')[0]}`);
  if (record.leftovers.processes.length) {
    problems.push(`processes left behind: ${record.leftovers.processes.join('; ')}`);
  }
  if (record.leftovers.databases.length) {
    problems.push(`bench databases left behind: ${record.leftovers.databases.join(', ')}`);
  }

  const date = record.at.slice(0, 10);
  const shown = figures.filter((figure) => figure.measured !== null || figure.reference !== null);
  const table = markdownTable(shown);
  const svg = svgChart(shown, `Swyft benchmark ${date}: each figure beside its ceiling or target`);
  const durations =
    `orders ${record.settings.orders.durationS} s per client count after a ${record.settings.orders.warmupS} s warm-up; ` +
    `pgbench ${record.settings.ceiling.durationS} s per client count; status latency ${record.settings.realtime.durationS} s at ` +
    `${record.settings.realtime.ratePerSecond} changes/s over ${record.settings.realtime.lanes} orders in flight per step; fan-out ` +
    `${record.settings.fanout.durationS} s; two nodes: latency ${record.settings.twoNodes.latency.durationS} s, orders ` +
    `${record.settings.twoNodes.orders.durationS} s per setup`;
  const markdown = `# Benchmark ${date}${record.variant === '-quick' ? ' (quick run: plumbing only)' : record.variant ? ' (partial run)' : ''}

\`npm run bench\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}, PostgreSQL ${record.results.postgres ?? 'n/a'}
(system), Redis local. The suite took ${Math.floor(record.suiteSeconds / 60)} min ${record.suiteSeconds % 60} s; load average before it
${record.preflight.loadAverage1m}. Durations: ${durations}. Every server, database and client runs on this one machine, so
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
3. \`runRealtime\`: the idle fleet grown to ${record.settings.realtime.maxSockets.toLocaleString('en-US')} sockets, at most
   ${record.settings.realtime.socketsPerFleet.toLocaleString('en-US')} per client process (so the client side never hits
   its file-descriptor limit); RSS per socket is the server's RSS growth from the last latency step to the most
   held, divided by the sockets added (nothing else ran in between).
4. \`runFanout\` (bench/fanout.ts): ${record.settings.fanout.admins} admin sockets in an observing fleet process check that every
   seq arrives on every socket once and in order, and measure the lag from the event's \`at\` (its writing
   transaction) to the arrival; ${record.settings.fanout.connections} autocannon writers place orders (one event each).
5. \`runTwoNodes\` (bench/two-nodes.ts): two nodes and nginx as \`npm run cluster\` starts them (scripts/cluster.ts),
   on a fresh database and Redis prefix; the latency driver makes the changes through one node while the
   customers listen on the other, both ways round (one node, the sequencer, stamps every event and hands it
   to the other over Redis; a change made on the other node reaches it through PostgreSQL); orders/s with
   autocannon on one node alone, then with its connections split over both (not through nginx, which hashes
   clients by address and would send one load generator to one node). Same database, same Redis.
`;
  return { figures, problems, evidence, table, markdown, svg };
}

/** Writes <base>.svg, <base>.md and <base>.json (the record with its figures, problems and evidence). */
export function writeSummary(record: SuiteRecord, base: string) {
  const summary = summarize(record, `${path.basename(base)}.svg`);
  writeFileSync(`${base}.svg`, summary.svg);
  writeFileSync(`${base}.md`, summary.markdown);
  const { figures, problems, evidence } = summary;
  writeFileSync(`${base}.json`, `${JSON.stringify({ ...record, figures, problems, evidence }, null, 2)}\n`);
  return summary;
}

/** Renders the summary of a stored record again (after a change to the report, never to the numbers). */
export function rewriteSummary(jsonFile: string) {
  const record = JSON.parse(readFileSync(jsonFile, 'utf8')) as SuiteRecord & Record<string, unknown>;
  const { figures: _f, problems: _p, evidence: _e, ...rest } = record;
  return writeSummary({ ...rest, variant: rest.variant ?? '' } as SuiteRecord, jsonFile.replace(/\.json$/, ''));
}
