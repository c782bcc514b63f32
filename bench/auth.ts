// Foundation figures: argon2id cost, start-up time to the first /healthz, and login throughput on the
// embedded and the system PostgreSQL. `npm run bench:auth`
import { cpus } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { type DatabaseKind, startBenchServer } from './support/bench-server.js';
import { writeResults } from './support/results.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

async function argon2Cost() {
  const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
  const samples: number[] = [];
  let stored = '';
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    stored = await hash(`password-${i}`, options);
    samples.push(performance.now() - t);
  }
  const t = performance.now();
  for (let i = 0; i < 20; i++) await verify(stored, 'password-19');
  return { hashMsMean: mean(samples), verifyMsMean: (performance.now() - t) / 20 };
}

async function loginThroughput(kind: DatabaseKind) {
  const server = await startBenchServer(kind);
  try {
    const result = await autocannon({
      url: `${server.url}/api/v1/auth/login`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'customer@swyft.local', password: 'swyft-demo', client: 'token' }),
      connections: CONNECTIONS,
      duration: DURATION_S,
    });
    const non2xx = result.non2xx + result.errors;
    return {
      database: kind,
      startupMs: Math.round(server.startupMs),
      connections: CONNECTIONS,
      durationS: DURATION_S,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      failed: non2xx,
    };
  } finally {
    await server.stop();
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const argon2 = await argon2Cost();
console.log(
  `argon2id (19 MiB, t=2): hash ${argon2.hashMsMean.toFixed(1)} ms, verify ${argon2.verifyMsMean.toFixed(1)} ms`,
);
const runs = [];
for (const kind of ['embedded', 'system'] as const) {
  const run = await loginThroughput(kind);
  runs.push(run);
  console.log(
    `login on ${kind.padEnd(8)}: ${run.requestsPerSecond} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms ` +
      `(${run.connections} connections, ${run.failed} failed); start-up to /healthz ${run.startupMs} ms`,
  );
}
const file = writeResults('auth', { cpus: cpus().length, argon2, login: runs });
console.log(`written to ${file}`);
