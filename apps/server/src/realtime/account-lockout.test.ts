import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, TEST_PASSWORD, type TestNode } from '../../test/support/test-node.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { connectListener, type Listener, waitUntil } from './testing/socket-clients.js';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node?.close());

/** A user signed in twice (two sessions), each session holding a connection. */
async function userWithTwoSessions() {
  const { user } = await node.createUser('customer');
  const sessions: { sessionId: string; listener: Listener }[] = [];
  for (let i = 0; i < 2; i++) {
    const login = { email: user.email, password: TEST_PASSWORD, client: 'token' };
    const { accessToken } = (await node.client().post('/api/v1/auth/login', login)).body;
    const claims = await node.node.ctx.accessTokens.verify(accessToken);
    sessions.push({ sessionId: claims!.sessionId, listener: await connectListener(node.url, { token: accessToken }) });
  }
  return { userId: user.id, sessions };
}

const closed = (listener: Listener) => waitUntil(() => !listener.socket.connected, { what: 'the connection closed' });

describe('account lockout', () => {
  it('closes, on account.locked, the connections of the sessions it names and no other', async () => {
    const { userId, sessions } = await userWithTwoSessions();
    const [ended, kept] = sessions;
    node.node.ctx.bus.publish('account.locked', { userId, sessionIds: [ended!.sessionId] });
    await closed(ended!.listener);
    // Both were judged in the same pass over the user's connections.
    expect(kept!.listener.socket.connected).toBe(true);
    kept!.listener.close();
  });

  it('closes every connection of the user when account.locked names no session', async () => {
    const { userId, sessions } = await userWithTwoSessions();
    node.node.ctx.bus.publish('account.locked', { userId });
    for (const { listener } of sessions) await closed(listener);
  });

  it('closes them from the log too (session.revoked), for when the bus message is lost', async () => {
    const { userId, sessions } = await userWithTwoSessions();
    const [ended, kept] = sessions;
    await withTransaction(node.db.pool, (tx) =>
      appendEvent(tx, {
        type: 'session.revoked',
        actor: null,
        data: { userId, sessionIds: [ended!.sessionId], reason: 'logout' },
        correlationId: 'lost-bus-message',
      }),
    );
    await closed(ended!.listener);
    expect(kept!.listener.socket.connected).toBe(true);
    kept!.listener.close();
  });
});
