import type { User } from '@swyft/contract';
import { afterAll, beforeAll } from 'vitest';
import type { Caller } from '../../src/auth/caller.js';
import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/context.js';
import { createLogger } from '../../src/platform/logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createTestClock, type TestClock } from './test-clock.js';
import { TEST_JWT_SECRET } from './test-node.js';
import { type CastMembers, castPlaceholders, insertTestUser, type TestCast } from './test-users.js';

/** A user of a service test: usable as the `Caller` a use case takes, with its account and a live session. */
export interface TestAccount extends Caller {
  user: User;
  sessionId: string;
}

/** The services of one node, on a database of its own, with a clock the test moves. */
export interface TestServices extends Services {
  db: TestDatabase;
  clock: TestClock;
}

export interface TestServicesFixture<C extends TestCast> extends CastMembers<C, TestAccount> {
  /** Filled in before the file's first test. */
  services: TestServices;
}

/**
 * The service tier's setup (STYLE habit 9, immich's "medium" tests): use cases called directly, without HTTP
 * or sockets, against a freshly migrated database, with the services a node would give them (single-node:
 * the bus and the rate limits stay in-process). What it returns is filled in before the file's first test:
 * `const { services, customer, partners } = withTestServices({ admins: 1, customers: 2, partners: 2 })`.
 */
export function withTestServices<const C extends TestCast = TestCast>(
  cast: C = {} as C,
  /** Extra environment (DISPATCH_MODE=nearest, say); the first wave's broadcast by default. */
  env: Record<string, string> = {},
): TestServicesFixture<C> {
  const services = {} as TestServices;
  const accounts = castPlaceholders<C, TestAccount>(cast);
  beforeAll(async () => {
    const db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DEMO_DATA: 'false',
      DISPATCH_MODE: 'broadcast',
      ...env,
    });
    const clock = createTestClock();
    Object.assign(services, createServices({ config, pool: db.pool, log: createLogger(config.logLevel), clock }), {
      db,
      clock,
    });
    await accounts.fill(async (role) => {
      const { user, sessionId } = await insertTestUser(db.pool, role);
      return { id: user.id, role, user, sessionId };
    });
  });
  afterAll(async () => {
    await services.close?.();
    await services.db?.drop();
  });
  return { services, ...accounts.members };
}
