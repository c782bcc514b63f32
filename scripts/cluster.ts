// `npm run cluster`: the topology of deploy/compose.yaml from local processes, for machines without
// Docker. The installed PostgreSQL and Redis, three Swyft nodes on three ports, and Debian's nginx in front
// on one port, configured from the same template as the compose file (deploy/nginx/swyft.conf.template).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PRODUCTION_NODE_FLAGS } from '../apps/server/src/platform/node-flags.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = path.join(ROOT, 'apps/server/src/main.ts');
const TEMPLATE = path.join(ROOT, 'deploy/nginx/swyft.conf.template');
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface ClusterOptions {
  /** PostgreSQL URL; the database is created when missing. */
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix?: string;
  /** Port of nginx, the cluster's one entry point. */
  port?: number;
  nodePorts?: number[];
  /** Folder for nginx's config, logs and pid, and the cluster's JWT secret. */
  workDir?: string;
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface ClusterNode {
  port: number;
  url: string;
  child: ChildProcess;
  output(): string;
}

export interface Cluster {
  url: string;
  nodes: ClusterNode[];
  databaseUrl: string;
  /** Starts node `index` again after it stopped (same port and environment). */
  restartNode(index: number): Promise<ClusterNode>;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const log = options.log ?? (() => {});
  const port = options.port ?? 8080;
  const nodePorts = options.nodePorts ?? [3101, 3102, 3103];
  const workDir = path.resolve(options.workDir ?? path.join(ROOT, 'data/cluster'));
  const databaseUrl = options.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/swyft_cluster';
  if (!existsSync(NGINX)) throw new Error(`nginx not found at ${NGINX}: apt-get install -y nginx (or set NGINX_PATH)`);
  mkdirSync(workDir, { recursive: true });
  await ensureDatabase(databaseUrl);

  const secretFile = path.join(workDir, 'jwt-secret');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(48).toString('base64url'), { mode: 0o600 });
  // Every node encrypts personal data with one key (production requires DATA_ENCRYPTION_KEY).
  const keyFile = path.join(workDir, 'data-encryption-key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.redisUrl ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: options.redisPrefix ?? 'swyft-cluster',
    JWT_SECRET: readFileSync(secretFile, 'utf8').trim(),
    DATA_ENCRYPTION_KEY: readFileSync(keyFile, 'utf8').trim(),
    TRUST_PROXY: 'true',
    DEMO_DATA: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: workDir,
    ...options.env,
  };

  const startNodeProcess = async (nodePort: number): Promise<ClusterNode> => {
    const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, '--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: { ...env, PORT: String(nodePort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const url = `http://127.0.0.1:${nodePort}`;
    await waitFor(
      async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok === true,
      60_000,
      () => {
        if (child.exitCode !== null) throw new Error(`node on port ${nodePort} exited:\n${output}`);
      },
    );
    log(`node ${url} ready`);
    return { port: nodePort, url, child, output: () => output };
  };

  const nodes: ClusterNode[] = [];
  let nginx: ChildProcess | undefined;
  const stopAll = async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await Promise.all(
      nodes.map(async (node) => {
        if (node.child.exitCode !== null || node.child.signalCode !== null) return;
        const exited = new Promise((resolve) => node.child.once('exit', resolve));
        node.child.kill('SIGTERM');
        await exited;
      }),
    );
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    // The first node migrates and seeds; the others start together (they would also be safe racing).
    nodes.push(await startNodeProcess(nodePorts[0]!));
    nodes.push(...(await Promise.all(nodePorts.slice(1).map(startNodeProcess))));
    nginx = startNginx(workDir, port, nodePorts);
    await waitFor(
      async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok === true,
      10_000,
      () => {
        if (nginx!.exitCode !== null) throw new Error(`nginx exited; see ${workDir}/nginx-error.log`);
      },
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  log(`nginx ${url} in front of ${nodePorts.length} nodes`);

  return {
    url,
    nodes,
    databaseUrl,
    async restartNode(index) {
      const node = await startNodeProcess(nodePorts[index]!);
      nodes[index] = node;
      return node;
    },
    stop: stopAll,
  };
}

function startNginx(workDir: string, port: number, nodePorts: number[]): ChildProcess {
  const upstreams = nodePorts.map((p) => `server 127.0.0.1:${p} max_fails=2 fail_timeout=5s;`).join('\n  ');
  // The same substitution the nginx image's envsubst makes in compose.
  const values: Record<string, string> = { SWYFT_UPSTREAMS: upstreams, SWYFT_LISTEN: `127.0.0.1:${port}` };
  const server = readFileSync(TEMPLATE, 'utf8').replace(/\$\{(SWYFT_\w+)\}/g, (_, name: string) => values[name] ?? '');
  const config = `daemon off;
worker_processes 1;
pid ${workDir}/nginx.pid;
error_log ${workDir}/nginx-error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path ${workDir}/nginx-body;
  proxy_temp_path ${workDir}/nginx-proxy;
  fastcgi_temp_path ${workDir}/nginx-fastcgi;
  uwsgi_temp_path ${workDir}/nginx-uwsgi;
  scgi_temp_path ${workDir}/nginx-scgi;
${server}
}
`;
  const file = path.join(workDir, 'nginx.conf');
  writeFileSync(file, config);
  const check = spawnSync(NGINX, ['-t', '-q', '-c', file, '-p', workDir], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx config invalid:\n${check.stderr}`);
  return spawn(NGINX, ['-c', file, '-p', workDir], { stdio: 'ignore' });
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^\w+$/.test(name)) throw new Error(`cluster database name must be a plain identifier, got "${name}"`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

async function waitFor(ready: () => Promise<boolean>, timeoutMs: number, check: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    check();
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Run directly: start, print where, stop on Ctrl+C.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const cluster = await startCluster({
    databaseUrl: process.env.CLUSTER_DATABASE_URL,
    redisUrl: process.env.CLUSTER_REDIS_URL,
    port: process.env.CLUSTER_PORT ? Number(process.env.CLUSTER_PORT) : undefined,
    log: (line) => console.log(`cluster: ${line}`),
  });
  console.log(`
  Swyft cluster is running at ${cluster.url} (nginx)
  Nodes: ${cluster.nodes.map((n) => n.url).join(', ')}
  PostgreSQL: ${cluster.databaseUrl.replace(/:[^:@/]+@/, ':***@')}   Redis: shared
  Demo accounts, password "swyft-demo": admin@swyft.local, customer@swyft.local, partner@swyft.local
  Ctrl+C stops everything.
`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
