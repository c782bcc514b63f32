// The database's ceiling for order placement: pgbench running the same order transaction as raw SQL
// (take the stock with the guarded, locked UPDATE; insert the order, its line and first timeline entry;
// append the order.placed event with its NOTIFY; commit), on a fresh migrated database, at 8 and 32
// clients. No HTTP, no JSON, no Node: what PostgreSQL alone does on this machine.
//   npm run bench:ceiling [-- --clients 32,8 --duration 15]
// `runOrderCeiling` is what the suite calls.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../apps/server/src/db/migrate.js';
import { benchArgs } from './support/args.js';
import { benchPool, createBenchDatabase, percentile } from './support/bench-server.js';
import { onCleanup } from './support/processes.js';
import { writeResults } from './support/results.js';

export const PRODUCTS = 100;
const CUSTOMER = '00000000-0000-4000-8000-00000000c001';
const STORE = '00000000-0000-4000-8000-00000000d001';
/** Product n has a predictable id, so pgbench (integer variables only) can name one. */
const productId = (n: string) => `('00000000-0000-4000-8000-' || lpad((${n})::text, 12, '0'))::uuid`;

// An event payload of the size ours carries (the order as GET /orders/:id answers it, and `from`).
const EVENT_DATA = JSON.stringify({
  order: {
    id: '6f1c2b9e-2d3a-4c7b-9f10-1a2b3c4d5e6f',
    customerId: CUSTOMER,
    partnerId: null,
    status: 'placed',
    items: [{ productId: '00000000-0000-4000-8000-000000000001', name: 'Bench item 1', priceCents: 199, quantity: 1 }],
    totalCents: 199,
    address: '1 Bench Road',
    store: { id: STORE, name: 'Main store', location: { lat: 52.52, lng: 13.405 } },
    destination: null,
    eta: { deliverBy: '2026-11-22T00:10:00.000Z', minutes: 10, basis: 'estimate', positionAt: null },
    payment: { method: 'cash_on_delivery', status: 'pending' },
    createdAt: '2026-11-22T00:00:00.000Z',
    updatedAt: '2026-11-22T00:00:00.000Z',
    timeline: [{ status: 'placed', at: '2026-11-22T00:00:00.000Z', actorId: CUSTOMER, actorRole: 'customer' }],
  },
  from: null,
})
  // pgbench reads ":name" as a variable: a space after each colon keeps the JSON as it is.
  .replaceAll('":', '": ')
  .replaceAll("'", "''");

const SCRIPT = `\\set p random(1, ${PRODUCTS})
BEGIN;
WITH locked AS MATERIALIZED (
  SELECT product_id FROM store_stock WHERE store_id = '${STORE}' AND product_id = ${productId(':p')}
  ORDER BY product_id FOR NO KEY UPDATE
)
UPDATE store_stock s SET stock = s.stock - 1
FROM products p
WHERE s.store_id = '${STORE}' AND s.product_id IN (SELECT product_id FROM locked) AND p.id = s.product_id
  AND p.active AND s.stock >= 1
RETURNING p.id, p.name, p.price_cents;
WITH placed AS (
  INSERT INTO orders (id, customer_id, status, total_cents, address, payment_method, payment_status, store_id,
                      eta_minutes, deliver_by)
  VALUES (gen_random_uuid(), '${CUSTOMER}', 'placed', 199, '1 Bench Road', 'cash_on_delivery', 'pending',
          '${STORE}', 10, now() + interval '10 minutes')
  RETURNING id, created_at
), lines AS (
  INSERT INTO order_items (order_id, line, product_id, name, price_cents, quantity)
  SELECT id, 0, ${productId(':p')}, 'Bench item', 199, 1 FROM placed
), first_entry AS (
  INSERT INTO order_timeline (order_id, position, status, at, actor_id, actor_role)
  SELECT id, 0, 'placed', created_at, '${CUSTOMER}', 'customer' FROM placed
)
SELECT id FROM placed;
WITH inserted AS (
  INSERT INTO events (type, actor_id, actor_role, order_id, data, correlation_id, audience_user_ids, to_online_partners)
  VALUES ('order.placed', '${CUSTOMER}', 'customer', gen_random_uuid(), '${EVENT_DATA}', 'pgbench', ARRAY['${CUSTOMER}'::uuid], true)
  RETURNING id
)
SELECT id, pg_notify('swyft_events', '') FROM inserted;
COMMIT;
`;

export interface CeilingRun {
  clients: number;
  durationS: number;
  transactionsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  failed: number;
}

/** Creates a migrated database with the bench catalog, runs pgbench at each client count, drops it. */
export async function runOrderCeiling(clientCounts: number[], durationS: number): Promise<CeilingRun[]> {
  const database = await createBenchDatabase('swyft_ceiling');
  const url = new URL(database.url);
  const pool = benchPool(database.url, 2);
  const workDir = mkdtempSync(path.join(tmpdir(), 'swyft-pgbench-'));
  try {
    await migrate(pool);
    await pool.query(
      `INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'bench@example.test', 'Bench', 'customer', 'x')`,
      [CUSTOMER],
    );
    await pool.query(`UPDATE stores SET id = '${STORE}'`); // the default store, the only one: a fixed id
    await pool.query(
      `INSERT INTO products (id, name, price_cents)
       SELECT ${productId('n')}, 'Bench item ' || n, 199 FROM generate_series(1, ${PRODUCTS}) n`,
    );
    await pool.query(
      `INSERT INTO store_stock (store_id, product_id, stock)
       SELECT '${STORE}', ${productId('n')}, 100000000 FROM generate_series(1, ${PRODUCTS}) n`,
    );
    const scriptFile = path.join(workDir, 'order.sql');
    writeFileSync(scriptFile, SCRIPT);
    const runs: CeilingRun[] = [];
    for (const clients of clientCounts) runs.push(await pgbench(url, scriptFile, workDir, clients, durationS));
    return runs;
  } finally {
    await pool.end();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function pgbench(
  url: URL,
  scriptFile: string,
  workDir: string,
  clients: number,
  durationS: number,
): Promise<CeilingRun> {
  const runDir = mkdtempSync(path.join(workDir, `c${clients}-`));
  const args = [
    '-n', // no vacuum of pgbench's own tables (there are none)
    '-M',
    'prepared',
    '-c',
    String(clients),
    '-j',
    '2',
    '-T',
    String(durationS),
    '-f',
    scriptFile,
    '-l',
    '--log-prefix',
    path.join(runDir, 'tx'),
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    url.pathname.slice(1),
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('pgbench', args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } });
    const unregister = onCleanup(async () => {
      child.kill('SIGTERM');
    });
    child.once('exit', unregister);
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.stderr.on('data', (chunk) => {
      text += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}:\n${text}`))));
  });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
  // Per-transaction log: client, transaction no, latency in µs, ...
  const latencies = readdirSync(runDir)
    .flatMap((file) => readFileSync(path.join(runDir, file), 'utf8').trim().split('\n'))
    .map((line) => Number(line.split(' ')[2]) / 1000)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    clients,
    durationS,
    transactionsPerSecond: Math.round(tps),
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
    failed,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = benchArgs(
    "The database's ceiling for order placement: pgbench running the order transaction (npm run bench:ceiling).",
    {
      options: { clients: { type: 'string', default: '32,8' }, duration: { type: 'string', default: '15' } },
    },
  );
  const runs = await runOrderCeiling(values.clients.split(',').map(Number), Number(values.duration));
  for (const run of runs) {
    console.log(
      `pgbench ${String(run.clients).padStart(2)} clients: ${run.transactionsPerSecond} orders/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, failed ${run.failed}`,
    );
  }
  console.log(`written to ${writeResults('orders-ceiling', runs)}`);
}
