import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { Role, User } from '@swyft/contract';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/platform/clock.js';
import { createLogger, type Logger } from '../../src/platform/logger.js';
import { type RunningNode, startNode } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { deleteRedisKeys } from './redis-keys.js';
import { TestClient } from './test-client.js';
import { type CastMembers, castPlaceholders, insertTestUser, TEST_PASSWORD, type TestCast } from './test-users.js';

export { TEST_PASSWORD };
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestUser {
  user: User;
  /** A bearer access token, as a phone app or script would hold. */
  token: string;
  /** The session the token belongs to (a real one: logging out or a password change ends it). */
  sessionId: string;
  /** A token client for this user. */
  client: TestClient;
}

export interface TestNode {
  url: string;
  node: RunningNode;
  db: TestDatabase;
  /** Environment the node was configured with (to start a second node alike). */
  env: Record<string, string>;
  /** A client with no session, as a new browser. */
  client(): TestClient;
  /** Inserts a user directly (fast: one shared password hash) with a session, and signs a bearer token for it. */
  createUser(role: Role, overrides?: { email?: string; name?: string }): Promise<TestUser>;
  /** Signs in over HTTP with cookies, as the web app does. */
  loginWithCookies(email: string, password?: string): Promise<TestClient>;
  close(): Promise<void>;
}

export interface TestNodeOptions {
  env?: Record<string, string>;
  /** Another node's database, to start a second node of one cluster. */
  db?: TestDatabase;
  /** The node's logger instead of one at LOG_LEVEL on stdout (a test that reads what the server logs). */
  log?: Logger;
  /** A clock the test moves (createTestClock) instead of the system's. */
  clock?: Clock;
}

/**
 * A real node (HTTP, real-time, dispatcher) on a random port with its own migrated database. In the
 * pg15 project it also runs with Redis, under a key prefix of its own.
 */
export async function startTestNode(options: TestNodeOptions = {}): Promise<TestNode> {
  const db = options.db ?? (await createTestDatabase());
  const redisUrl = inject('redisUrl');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '10',
    DATA_DIR: mkdtempSync(path.join(inject('scratchDir'), 'node-')),
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: 'false',
    REDIS_PREFIX: `t${db.name.slice(7, 15)}`,
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '100000',
    LOGIN_FAILURES_PER_ACCOUNT: '100000',
    // The first wave's tests see every offer; the dispatch tests ask for nearest.
    DISPATCH_MODE: 'broadcast',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const node = await startNode({
    config,
    pool: db.pool,
    log: options.log ?? createLogger(config.logLevel),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = node.url;

  return {
    url,
    node,
    db,
    env,
    client: () => new TestClient(url),
    async createUser(role, overrides = {}) {
      const { user, sessionId } = await insertTestUser(db.pool, role, overrides);
      const token = await node.ctx.accessTokens.sign({ userId: user.id, role, sessionId });
      return { user, token, sessionId, client: new TestClient(url, { bearer: token }) };
    },
    async loginWithCookies(email, password = TEST_PASSWORD) {
      const client = new TestClient(url);
      const response = await client.post('/api/v1/auth/login', { email, password });
      if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
      return client;
    },
    async close() {
      await node.close();
      if (!options.db) {
        await db.drop();
        if (env.REDIS_URL) await deleteRedisKeys(env.REDIS_URL, env.REDIS_PREFIX!);
      }
    },
  };
}

export interface TestNodeFixture<C extends TestCast> extends CastMembers<C, TestUser> {
  /** The node; filled in before the file's first test. */
  node: TestNode;
}

/**
 * The setup of an HTTP test file in one line: a node and a cast of users, started before the file's first
 * test and closed after its last. What it returns is filled in by then, so a file destructures it at its top:
 * `const { node, admin, customers: [owner, stranger] } = withTestNode({ admins: 1, customers: 2 })`.
 */
export function withTestNode<const C extends TestCast = TestCast>(
  cast: C = {} as C,
  /** A function when the options are only known once the file runs (a folder made for it, say). */
  options: TestNodeOptions | (() => TestNodeOptions) = {},
): TestNodeFixture<C> {
  const node = {} as TestNode;
  const users = castPlaceholders<C, TestUser>(cast);
  beforeAll(async () => {
    Object.assign(node, await startTestNode(typeof options === 'function' ? options() : options));
    await users.fill((role) => node.createUser(role));
  });
  afterAll(() => node.close?.());
  return { node, ...users.members };
}
