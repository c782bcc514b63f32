import { randomBytes } from 'node:crypto';
import type { EventHealth, Product, Role } from '@swyft/contract';
import pg from 'pg';
import { inject } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { waitUntil } from '../../src/realtime/testing/socket-clients.js';
import { insertUser } from '../../src/users/user-queries.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { deleteRedisKeys } from './redis-keys.js';
import { type ServerNode, startServerProcess } from './server-process.js';
import { TestClient } from './test-client.js';

const PASSWORD = 'fault-tier-password';
let passwordHash: Promise<string> | undefined;

/** A signed-in user as a phone app holds it: a bearer token, usable on any node. */
export interface TokenUser {
  id: string;
  role: Role;
  token: string;
  on(url: string): TestClient;
}

/**
 * Server processes (as `npm start` runs them) sharing one database of the test's own and one Redis, plus the
 * levers a fault test pulls on that database only: terminate its backends, refuse new connections. Never
 * another database's backends, never the shared server itself (TEAM.md).
 */
export interface FaultCluster {
  db: TestDatabase;
  nodes: ServerNode[];
  startNode(): Promise<ServerNode>;
  /** Inserts users and signs them in over HTTP (on the first node). */
  signIn(role: Role, count: number): Promise<TokenUser[]>;
  createProducts(admin: TokenUser, stocks: number[]): Promise<Product[]>;
  /** Terminates every backend of this cluster's database; answers how many. */
  terminateBackends(): Promise<number>;
  /** ALLOW_CONNECTIONS on this cluster's database: while false, new connections fail with SQLSTATE 55000. */
  allowConnections(allowed: boolean): Promise<void>;
  /** Waits (generously) until `node` is ready and, if `sequencer`, stamps events and has caught up. */
  waitUntilRecovered(node: ServerNode, admin: TokenUser, options?: { sequencer?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function createFaultCluster({ redisUrl }: { redisUrl: string }): Promise<FaultCluster> {
  const db = await createTestDatabase();
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl'), application_name: 'swyft-fault-test' });
  admin.on('error', () => {});
  await admin.connect();
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `f${randomBytes(4).toString('hex')}`,
    JWT_SECRET: `fault-test-secret-${randomBytes(16).toString('hex')}`,
    LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '100000',
    LOGIN_FAILURES_PER_ACCOUNT: '100000',
  };
  const nodes: ServerNode[] = [];

  const cluster: FaultCluster = {
    db,
    nodes,
    async startNode() {
      const node = await startServerProcess(env);
      nodes.push(node);
      return node;
    },
    async signIn(role, count) {
      passwordHash ??= hashPassword(PASSWORD);
      const hash = await passwordHash;
      return Promise.all(
        Array.from({ length: count }, async () => {
          const email = `${role}-${randomBytes(5).toString('hex')}@example.test`;
          const row = await insertUser(db.pool, { email, name: `Fault ${role}`, role, passwordHash: hash });
          const res = await new TestClient(nodes[0]!.url).post('/api/v1/auth/login', {
            email,
            password: PASSWORD,
            client: 'token',
          });
          if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
          const token: string = res.body.accessToken;
          return { id: row.id, role, token, on: (url: string) => new TestClient(url, { bearer: token }) };
        }),
      );
    },
    async createProducts(owner, stocks) {
      const products: Product[] = [];
      for (const stock of stocks) {
        const res = await owner.on(nodes[0]!.url).post('/api/v1/products', {
          name: `Fault product ${randomBytes(3).toString('hex')}`,
          priceCents: 199,
          stock,
        });
        if (res.status !== 201) throw new Error(`product not created: ${res.status} ${JSON.stringify(res.body)}`);
        products.push(res.body.product);
      }
      return products;
    },
    async terminateBackends() {
      const { rows } = await admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [db.name],
      );
      return rows.filter((row) => row.terminated).length;
    },
    async allowConnections(allowed) {
      await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS ${allowed}`);
    },
    async waitUntilRecovered(node, admin, { sequencer = true } = {}) {
      await waitUntil(async () => (await fetch(`${node.url}/readyz`).catch(() => undefined))?.status === 200, {
        timeoutMs: 20_000,
        what: `${node.url} to be ready again`,
      });
      await waitUntil(
        async () => {
          const res = await admin.on(node.url).get('/api/v1/events/health');
          const health = res.body as EventHealth;
          return (
            res.status === 200 &&
            health.undelivered === 0 &&
            health.node.lastDeliveredSeq === health.lastSeq &&
            (!sequencer || health.node.isSequencer)
          );
        },
        { timeoutMs: 20_000, what: `${node.url} to ${sequencer ? 'sequence again and ' : ''}catch up` },
      );
    },
    async close() {
      await Promise.all(nodes.map((node) => node.kill()));
      await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`).catch(() => {});
      await admin.end().catch(() => {});
      await db.drop();
      await deleteRedisKeys(redisUrl, env.REDIS_PREFIX!);
    },
  };
  return cluster;
}
