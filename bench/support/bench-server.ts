import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(ROOT, 'apps/server/src/main.ts');
export const SYSTEM_POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type DatabaseKind = 'embedded' | 'system';

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
export async function startBenchServer(kind: DatabaseKind, env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'swyft-bench-'));
  chmodSync(dataDir, 0o755);
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (kind === 'system') {
    const name = `swyft_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: SYSTEM_POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(SYSTEM_POSTGRES_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: SYSTEM_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Swyft is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 5);
    child.once('exit', () => {
      clearInterval(timer);
      reject(new Error(`server exited:\n${output}`));
    });
  });
  while ((await fetch(`${url}/healthz`).catch(() => undefined))?.status !== 200) await sleep(5);
  const startupMs = performance.now() - started;
  return {
    url,
    databaseUrl,
    child,
    startupMs,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
