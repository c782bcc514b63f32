import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { TestClient } from '../../test/support/test-client.js';
import { startTestNode, TEST_PASSWORD, type TestNode, withTestNode } from '../../test/support/test-node.js';
import { connectListener, type Listener, refusalOf, waitUntil } from '../realtime/testing/socket-clients.js';

const { node } = withTestNode();

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

async function logInForTokens(on: TestNode, email: string): Promise<TokenPair> {
  const res = await on.client().post('/api/v1/auth/login', { email, password: TEST_PASSWORD, client: 'token' });
  expect(res.status).toBe(200);
  return res.body;
}

const bearer = (on: TestNode, token: string) => new TestClient(on.url, { bearer: token });

/**
 * A way a session ends: `victims` are access tokens of the ended session (still unexpired), `survivor` one
 * of another session of the same user that must keep working.
 */
interface Revocation {
  victims: string[];
  survivor?: string;
  revoke(): Promise<void>;
}

const revocations: Record<string, () => Promise<Revocation>> = {
  async logout() {
    const { user } = await node.createUser('customer');
    const session = await logInForTokens(node, user.email);
    const other = await logInForTokens(node, user.email);
    return {
      victims: [session.accessToken],
      survivor: other.accessToken,
      async revoke() {
        expect((await bearer(node, session.accessToken).post('/api/v1/auth/logout')).status).toBe(204);
      },
    };
  },
  async 'refresh-token reuse'() {
    const { user } = await node.createUser('customer');
    const first = await logInForTokens(node, user.email);
    const rotated = await node.client().post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    return {
      // Both the access token issued at login and the one issued by the rotation belong to the session.
      victims: [first.accessToken, rotated.body.accessToken],
      async revoke() {
        const replay = await node.client().post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
        expectError(replay, 401, 'unauthenticated');
      },
    };
  },
  async 'password change (the other sessions)'() {
    const { user } = await node.createUser('customer');
    const elsewhere = await logInForTokens(node, user.email);
    const here = await logInForTokens(node, user.email);
    return {
      victims: [elsewhere.accessToken],
      survivor: here.accessToken,
      async revoke() {
        const res = await bearer(node, here.accessToken).patch('/api/v1/me', {
          password: 'a brand new password',
          currentPassword: TEST_PASSWORD,
        });
        expect(res.status).toBe(200);
      },
    };
  },
};

const kinds = Object.keys(revocations);

/** Caches the session as live on `on` (an HTTP request and an open socket per token). */
async function useEverywhere(on: TestNode, tokens: string[]): Promise<Listener[]> {
  for (const token of tokens) expect((await bearer(on, token).get('/api/v1/me')).status).toBe(200);
  return Promise.all(tokens.map((token) => connectListener(on.url, { token })));
}

async function expectEnded(on: TestNode, revocation: Revocation, sockets: Listener[]): Promise<void> {
  // Polled: on another node the change travels by Redis; on this node it is immediate.
  for (const token of revocation.victims) {
    await expect
      .poll(async () => (await bearer(on, token).get('/api/v1/me')).status, { timeout: 1_000, interval: 20 })
      .toBe(401);
    expectError(await bearer(on, token).get('/api/v1/me'), 401, 'unauthenticated');
    expect(await refusalOf(on.url, { token })).toBe('unauthenticated');
  }
  for (const listener of sockets) {
    await waitUntil(() => !listener.socket.connected, { timeoutMs: 1_000, what: 'the session’s socket to close' });
  }
  if (revocation.survivor) {
    expect((await bearer(on, revocation.survivor).get('/api/v1/me')).status).toBe(200);
    expect(await refusalOf(on.url, { token: revocation.survivor })).toBe('');
  }
}

describe('an ended session', () => {
  it.each(kinds)('after %s: its access token gets 401, its sockets are closed and refused', async (kind) => {
    const revocation = await revocations[kind]!();
    const sockets = await useEverywhere(node, revocation.victims);
    await revocation.revoke();
    await expectEnded(node, revocation, sockets);
  });

  it('logs session.revoked for admins, with the reason and no token', async () => {
    const { user } = await node.createUser('partner');
    const session = await logInForTokens(node, user.email);
    await bearer(node, session.accessToken).post('/api/v1/auth/logout');
    const { rows } = await node.db.pool.query(
      `SELECT actor_id, data, audience_user_ids FROM events WHERE type = 'session.revoked' AND data->>'userId' = $1`,
      [user.id],
    );
    expect(rows).toEqual([
      {
        actor_id: user.id,
        data: { userId: user.id, sessionIds: [expect.any(String)], reason: 'logout' },
        audience_user_ids: [],
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(session.refreshToken);
    expect(JSON.stringify(rows)).not.toContain(session.accessToken);
  });
});

describe.runIf(inject('redisUrl'))('an ended session, on a second node (Redis)', () => {
  let second: TestNode;
  beforeAll(async () => {
    second = await startTestNode({ db: node.db, env: { REDIS_PREFIX: node.env.REDIS_PREFIX! } });
  });
  afterAll(() => second?.close());

  it.each(kinds)('after %s on node 1: 401 and closed sockets on node 2 within a second', async (kind) => {
    const revocation = await revocations[kind]!();
    const sockets = await useEverywhere(second, revocation.victims);
    await revocation.revoke();
    await expectEnded(second, revocation, sockets);
  });
});
