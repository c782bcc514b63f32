import { describe, expect, inject, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { startTestNode, TEST_PASSWORD, withTestNode } from '../../test/support/test-node.js';

const { node } = withTestNode(
  {},
  {
    env: {
      LOGIN_FAILURES_PER_ACCOUNT: '3',
      LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '5',
      RATE_LIMIT_PER_MINUTE: '20',
      // Each test speaks from its own address (X-Forwarded-For), as clients behind a load balancer do.
      TRUST_PROXY: 'true',
    },
  },
);

let nextAddress = 1;
const newAddress = () => `10.0.0.${nextAddress++}`;
const login = (email: string, password: string, ip = newAddress()) =>
  node.client().post('/api/v1/auth/login', { email, password }, { headers: { 'x-forwarded-for': ip } });

describe('login throttling', () => {
  it('locks an account after repeated failures, even for the right password, with retry-after', async () => {
    const { user } = await node.createUser('customer');
    for (let i = 0; i < 3; i++) expectError(await login(user.email, 'wrong password'), 401, 'unauthenticated');
    const locked = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expectError(locked, 429, 'rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800); // the 15-minute block
  });

  it('answers unknown emails exactly like known ones (no account enumeration)', async () => {
    for (let i = 0; i < 3; i++)
      expectError(await login('ghost@example.test', 'wrong password'), 401, 'unauthenticated');
    expectError(await login('ghost@example.test', 'wrong password'), 429, 'rate_limited');
  });

  it('limits attempts per IP, whichever accounts they target', async () => {
    const ip = newAddress();
    const { user } = await node.createUser('customer');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(`someone-${i}@example.test`, 'guess', ip)).status);
    statuses.push((await login(user.email, TEST_PASSWORD, ip)).status);
    const refused = await login(user.email, TEST_PASSWORD, ip);
    expect(statuses).toEqual([401, 401, 401, 401, 200]);
    expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await login(user.email, TEST_PASSWORD, newAddress())).status).toBe(200); // another address is fine
  });
});

describe('general request limit', () => {
  it('answers 429 with retry-after once a user spends their budget; other users are unaffected', async () => {
    const greedy = await node.createUser('customer');
    const statuses = [];
    for (let i = 0; i < 22; i++) statuses.push((await greedy.client.get('/api/v1/me')).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    const res = await greedy.client.get('/api/v1/me');
    expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const other = await node.createUser('customer');
    expect((await other.client.get('/api/v1/me')).status).toBe(200);
  });

  it.runIf(inject('redisUrl'))('shares the counters between nodes through Redis', async () => {
    const second = await startTestNode({ db: node.db, env: { ...node.env, PORT: '0' } });
    try {
      const user = await node.createUser('customer');
      const onSecond = second.client();
      onSecond.bearer = user.token;
      for (let i = 0; i < 10; i++) expect((await user.client.get('/api/v1/me')).status).toBe(200);
      for (let i = 0; i < 10; i++) expect((await onSecond.get('/api/v1/me')).status).toBe(200);
      expectError(await onSecond.get('/api/v1/me'), 429, 'rate_limited');
      expectError(await user.client.get('/api/v1/me'), 429, 'rate_limited');
    } finally {
      await second.close();
    }
  });
});
