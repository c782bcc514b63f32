import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { startServerProcess } from '../../test/support/server-process.js';
import { TEST_JWT_SECRET, TEST_PASSWORD, withTestNode } from '../../test/support/test-node.js';
import { SERVER_VERSION } from '../platform/node-lifecycle.js';

const { node, customer, partner } = withTestNode({ customers: 1, partners: 1 });

const eventsOfType = async (db: { pool: TestDatabase['pool'] }, type: string) =>
  (
    await db.pool.query(
      'SELECT actor_id, actor_role, data, audience_user_ids FROM events WHERE type = $1 ORDER BY id',
      [type],
    )
  ).rows;

describe('user.logged_in', () => {
  it('is logged for admins with the client kind, never the password or a token', async () => {
    await node.loginWithCookies(customer.user.email);
    const token = await node
      .client()
      .post('/api/v1/auth/login', { email: partner.user.email, password: TEST_PASSWORD, client: 'token' });
    expect(token.status).toBe(200);
    // A failed sign-in opens no session and logs nothing.
    await node.client().post('/api/v1/auth/login', { email: partner.user.email, password: 'wrong password!' });

    const rows = await eventsOfType(node.db, 'user.logged_in');
    expect(rows).toEqual([
      {
        actor_id: customer.user.id,
        actor_role: 'customer',
        data: { userId: customer.user.id, client: 'cookie' },
        audience_user_ids: [],
      },
      {
        actor_id: partner.user.id,
        actor_role: 'partner',
        data: { userId: partner.user.id, client: 'token' },
        audience_user_ids: [],
      },
    ]);
    const text = JSON.stringify(rows);
    for (const secret of [TEST_PASSWORD, token.body.accessToken, token.body.refreshToken]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('system.started and system.stopping', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('are logged by a node process as it starts and as it stops, with its id and version', async () => {
    const server = await startServerProcess({ DATABASE_URL: db.url, JWT_SECRET: TEST_JWT_SECRET });
    await expect.poll(async () => (await eventsOfType(db, 'system.started')).length).toBe(1);
    await server.stop();
    expect(await server.exited).toBe(0);

    const started = await eventsOfType(db, 'system.started');
    const stopping = await eventsOfType(db, 'system.stopping');
    expect(started).toEqual([
      {
        actor_id: null,
        actor_role: null,
        data: { nodeId: expect.any(String), version: SERVER_VERSION },
        audience_user_ids: [],
      },
    ]);
    expect(stopping).toEqual(started);
  }, 60_000);
});
