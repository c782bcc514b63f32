// Order placement with personal data encrypted at rest (AES-256-GCM), beside the same server without it, in one
// run: two bench servers on the system PostgreSQL, one as shipped and one whose platform/encryption.js is
// swapped (bench only, by a module hook) for a reversible encoding in the same stored shape. Also the cost of
// the cipher itself, measured in this process: what one placed order asks of it (the address encrypted on
// insert, decrypted when the sequencer stamps its event, and with an Idempotency-Key the outcome sealed).
// Prints the figures and writes bench/results/encryption-<date>.json.
//
//   npm run bench:encryption                              16 clients, 10 s per server, two rounds
//   npm run bench:encryption -- --connections 32 --duration 20 --rounds 1 --idempotency
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createEncryption } from '../apps/server/src/platform/encryption.js';
import { benchOrders, ORDERS_DEFAULTS, type OrdersOptions } from './orders.js';
import { benchArgs } from './support/args.js';
import { startBenchServer } from './support/bench-server.js';
import { round } from './support/proc-stats.js';
import { writeResults } from './support/results.js';

const { values: args } = benchArgs(
  'Order placement with personal data encrypted at rest, beside the same server without it (npm run bench:encryption).',
  {
    options: {
      connections: { type: 'string', default: '16' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '2' },
      idempotency: { type: 'boolean', default: false },
    },
  },
);
const options: OrdersOptions = {
  ...ORDERS_DEFAULTS,
  connections: [Number(args.connections)],
  durationS: Number(args.duration),
  warmupS: Number(args.warmup),
  idempotency: args.idempotency,
};
const preload = path.resolve(import.meta.dirname, 'support/plain-personal-data-preload.ts');

/** µs per call of `work`, the median of 5 timed batches after a warm-up. */
function microseconds(work: () => void, calls = 20_000): number {
  for (let i = 0; i < calls; i++) work();
  const batches: number[] = [];
  for (let b = 0; b < 5; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) work();
    batches.push(Number(process.hrtime.bigint() - start) / 1000 / calls);
  }
  return round(batches.sort((a, b) => a - b)[2]!, 2);
}

function cipherCost() {
  const encryption = createEncryption({ current: randomBytes(32), previous: randomBytes(32) });
  const address = 'Hauptstraße 12, Hinterhaus, 3. OG links, 10117 Berlin';
  // An order as an idempotency record keeps it (two lines, a timeline entry).
  const outcome = JSON.stringify({
    value: {
      id: '9282c1bd-e6ea-4d8f-b0ab-7f21ffa56ffe',
      address,
      items: [1, 2].map((n) => ({ productId: `p${n}`, name: `Product ${n}`, priceCents: 250, quantity: 1 })),
      timeline: [{ status: 'placed', at: new Date().toISOString(), actorId: 'c', actorRole: 'customer' }],
      filler: 'x'.repeat(600),
    },
  });
  const storedAddress = encryption.encrypt(address);
  const storedOutcome = encryption.encrypt(outcome);
  const encryptAddress = microseconds(() => encryption.encrypt(address));
  const decryptAddress = microseconds(() => encryption.decrypt(storedAddress));
  const sealOutcome = microseconds(() => encryption.encrypt(outcome));
  const openOutcome = microseconds(() => encryption.decrypt(storedOutcome));
  const perOrder = encryptAddress + decryptAddress + (options.idempotency ? sealOutcome : 0);
  return { encryptAddress, decryptAddress, sealOutcome, openOutcome, perOrderUs: round(perOrder, 2) };
}

console.log(`encryption bench: ${JSON.stringify({ ...options, admin: undefined, rounds: Number(args.rounds) })}`);
const cipher = cipherCost();
console.log(
  `AES-256-GCM in this process: encrypt an address ${cipher.encryptAddress} µs, decrypt ${cipher.decryptAddress} µs, ` +
    `seal an order outcome ${cipher.sealOutcome} µs, open ${cipher.openOutcome} µs → ${cipher.perOrderUs} µs of cipher per placed order`,
);

type Mode = 'encryption on' | 'encryption off';
const runs: { mode: Mode; round: number; run: Awaited<ReturnType<typeof benchOrders>>['runs'][number] }[] = [];
for (let r = 1; r <= Number(args.rounds); r++) {
  // Alternate the order, so that a machine getting busier does not favour one side.
  const modes: Mode[] = r % 2 === 1 ? ['encryption on', 'encryption off'] : ['encryption off', 'encryption on'];
  for (const mode of modes) {
    const server = await startBenchServer(
      'system',
      mode === 'encryption off' ? { NODE_OPTIONS: `--import tsx --import ${preload}` } : {},
    );
    try {
      const target = { label: mode, url: server.url, serverPids: [server.child.pid!], databaseUrl: server.databaseUrl };
      const result = await benchOrders(target, options);
      for (const problem of result.problems) console.log(`PROBLEM: ${problem}`);
      runs.push({ mode, round: r, run: result.runs[0]! });
    } finally {
      await server.stop();
    }
  }
}

const summary = (mode: Mode) => {
  const mine = runs.filter((r) => r.mode === mode).map((r) => r.run);
  const mean = (values: number[]) => round(values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length), 2);
  return {
    ordersPerSecond: mean(mine.map((r) => r.ordersPerSecond)),
    p50Ms: mean(mine.map((r) => r.latencyMs.p50)),
    p99Ms: mean(mine.map((r) => r.latencyMs.p99)),
    serverCpuMsPerOrder: mean(mine.map((r) => r.cpuMsPerOrder.server ?? Number.NaN)),
  };
};
const on = summary('encryption on');
const off = summary('encryption off');
const cipherShare = round((cipher.perOrderUs / 1000 / on.serverCpuMsPerOrder) * 100, 2);
console.log('');
console.log(`                 orders/s   p50 ms   p99 ms   server CPU ms/order`);
for (const [label, s] of [
  ['encryption on ', on],
  ['encryption off', off],
] as const) {
  console.log(
    `${label}   ${String(s.ordersPerSecond).padStart(8)} ${String(s.p50Ms).padStart(8)} ${String(s.p99Ms).padStart(8)}   ${s.serverCpuMsPerOrder}`,
  );
}
console.log(
  `on/off: ${round((on.ordersPerSecond / off.ordersPerSecond) * 100, 1)}% of the throughput; ` +
    `the cipher itself is ${cipher.perOrderUs} µs per order, ${cipherShare}% of the server's CPU per order`,
);
console.log(
  `written to ${writeResults('encryption', { options: { ...options, admin: undefined }, cipher, on, off, runs })}`,
);
