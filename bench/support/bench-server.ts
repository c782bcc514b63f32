import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PRODUCTION_NODE_FLAGS } from '../../apps/server/src/platform/node-flags.js';
import { MAIN, spawnServer } from '../../apps/server/test/support/server-process.js';
import { onCleanup } from './processes.js';

export const SYSTEM_POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type DatabaseKind = 'embedded' | 'system';
/** The servers' JWT secret, so that a benchmark can sign access tokens for users it created in SQL. */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
/** The benchmark servers run as production does, so with a data encryption key (32 bytes, base64). */
export const BENCH_DATA_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export interface BenchServer {
  url: string;
  /** The database URL the server uses (for direct checks and pgbench). */
  databaseUrl: string | undefined;
  child: ChildProcess;
  /** ms from spawning the process to the first 200 of /healthz */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Starts a server process as production would (main.ts), on a fresh database: a new embedded cluster in a
 * temporary DATA_DIR, or a new database on the system PostgreSQL (dropped on stop). Limits are raised so
 * the load generator measures the system, not the rate limiter.
 */
export async function startBenchServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  /** Node flags of this benchmark's servers, after production's (then BENCH_NODE_FLAGS, BENCH_SERVER_NODE_FLAGS). */
  nodeFlags: string[] = [],
): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'swyft-bench-'));
  chmodSync(dataDir, 0o755);
  const database = kind === 'system' ? await createBenchDatabase('swyft_bench') : undefined;
  const databaseUrl = database?.url;
  const dropDatabase = async () => database?.drop();
  const started = performance.now();
  const server = spawnServer(
    {
      ...(process.env as Record<string, string>),
      NODE_ENV: 'production',
      JWT_SECRET: BENCH_JWT_SECRET,
      DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY ?? BENCH_DATA_ENCRYPTION_KEY,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'true',
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '100000000',
      LOGIN_FAILURES_PER_ACCOUNT: '100000000',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    },
    [...serverNodeFlags(nodeFlags), MAIN],
  );
  const { child } = server;
  const stop = async () => {
    unregister();
    await server.stop();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const unregister = onCleanup(stop);
  const url = await server
    .waitForOutput(/Swyft is running at (http:\/\/\S+)/, 120_000)
    .then((match) => match[1]!)
    .catch(async (error) => {
      await stop();
      throw error;
    });
  while ((await fetch(`${url}/healthz`).catch(() => undefined))?.status !== 200) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited:\n${server.output()}`);
    await sleep(5);
  }
  const startupMs = performance.now() - started;
  return {
    url,
    databaseUrl,
    child,
    startupMs,
    stop,
  };
}

/** A new, empty database on the system PostgreSQL; `drop` removes it (and is registered as a cleanup). */
export async function createBenchDatabase(
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const admin = new pg.Client({ connectionString: SYSTEM_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SYSTEM_POSTGRES_URL);
  url.pathname = `/${name}`;
  const drop = async () => {
    unregister();
    const client = new pg.Client({ connectionString: SYSTEM_POSTGRES_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
  const unregister = onCleanup(drop);
  return { name, url: url.toString(), drop };
}

export { PRODUCTION_NODE_FLAGS };

const flagsFrom = (variable: string) => (process.env[variable] ?? '').split(/\s+/).filter(Boolean);

/**
 * Node flags for every server a benchmark starts, Swyft's and its ceiling's (the bare relay) alike:
 * production's, the benchmark's, then BENCH_NODE_FLAGS, to try a V8 setting on both sides at once, e.g.
 * BENCH_NODE_FLAGS=--no-parallel-scavenge.
 */
export function bothSidesNodeFlags(benchmarkFlags: readonly string[] = []): string[] {
  return [...PRODUCTION_NODE_FLAGS, ...benchmarkFlags, ...flagsFrom('BENCH_NODE_FLAGS')];
}

/**
 * Node flags for Swyft's server processes alone (not the benchmark's own, nor the relay's): both sides',
 * then BENCH_SERVER_NODE_FLAGS, e.g. to profile them:
 * BENCH_SERVER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (each profile written when its server stops).
 */
function serverNodeFlags(nodeFlags: string[]): string[] {
  return [...bothSidesNodeFlags(nodeFlags), ...flagsFrom('BENCH_SERVER_NODE_FLAGS')];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * A small pool on a bench database. Its idle connections may be ended from the server side (the database
 * dropped by a cleanup while a step is interrupted): that is expected, not a crash.
 */
export function benchPool(connectionString: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => {});
  return pool;
}
