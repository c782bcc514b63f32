import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { TestClient } from '../../test/support/test-client.js';
import { startTestNode, TEST_PASSWORD, type TestNode } from '../../test/support/test-node.js';
import { type OwnRedis, startOwnRedis } from '../realtime/testing/redis-server.js';
import { connectListener, waitUntil } from '../realtime/testing/socket-clients.js';

// "Locked out at once" must not lean on Redis: with the bus down, the other node hears of a disabled
// account or an ended session from the event log. This test stops a Redis of its own, never the machine's.
let redis: OwnRedis;
let nodeA: TestNode;
let nodeB: TestNode;

beforeAll(async () => {
  redis = await startOwnRedis();
  nodeA = await startTestNode({ env: { REDIS_URL: redis.url } });
  nodeB = await startTestNode({ db: nodeA.db, env: { REDIS_URL: redis.url } });
}, 60_000);

afterEach(() => redis.start().catch(() => {}));

afterAll(async () => {
  await nodeB?.close();
  await nodeA?.close();
  await redis?.stop();
});

/** Well under the 5 s that the account-state cache alone would take, with room for a loaded machine. */
const BOUND_MS = 1_500;

const onB = (token: string) => new TestClient(nodeB.url, { bearer: token });

it('refuses a user disabled through node A on node B within a second, while Redis is down', async () => {
  const admin = await nodeA.createUser('admin');
  const victim = await nodeA.createUser('customer');
  expect((await onB(victim.token).get('/api/v1/me')).status).toBe(200); // cached on B as enabled
  const socket = await connectListener(nodeB.url, { token: victim.token });

  await redis.stop();
  expect((await admin.client.patch(`/api/v1/admin/users/${victim.user.id}/disable`)).status).toBe(200);
  await expect
    .poll(async () => (await onB(victim.token).get('/api/v1/me')).status, { timeout: BOUND_MS, interval: 20 })
    .toBe(403);
  expectError(await onB(victim.token).get('/api/v1/me'), 403, 'account_disabled');
  await waitUntil(() => !socket.socket.connected, { timeoutMs: BOUND_MS, what: 'the socket on node B to close' });
});

it('ends a session logged out through node A on node B within a second, while Redis is down', async () => {
  const { user } = await nodeA.createUser('partner');
  const login = await nodeA
    .client()
    .post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD, client: 'token' });
  const { accessToken } = login.body as { accessToken: string };
  expect((await onB(accessToken).get('/api/v1/me')).status).toBe(200); // cached on B as live
  const socket = await connectListener(nodeB.url, { token: accessToken });

  await redis.stop();
  expect((await new TestClient(nodeA.url, { bearer: accessToken }).post('/api/v1/auth/logout')).status).toBe(204);
  await expect
    .poll(async () => (await onB(accessToken).get('/api/v1/me')).status, { timeout: BOUND_MS, interval: 20 })
    .toBe(401);
  expectError(await onB(accessToken).get('/api/v1/me'), 401, 'unauthenticated');
  await waitUntil(() => !socket.socket.connected, { timeoutMs: BOUND_MS, what: 'the socket on node B to close' });
});
