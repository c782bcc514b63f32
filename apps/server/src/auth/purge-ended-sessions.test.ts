import { expect, it } from 'vitest';
import { TEST_PASSWORD, withTestNode } from '../../test/support/test-node.js';
import { purgeEndedSessions } from './purge-ended-sessions.js';

const { node } = withTestNode();

/** A token client's sign-in: its session is the access token's `sid` claim. */
async function signIn(email: string): Promise<{ sessionId: string; refreshToken: string }> {
  const res = await node.client().post('/api/v1/auth/login', { email, password: TEST_PASSWORD, client: 'token' });
  expect(res.status).toBe(200);
  const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
  return { sessionId: claims.sid, refreshToken: res.body.refreshToken };
}

const sessionsLeft = async (ids: string[]) =>
  (await node.db.pool.query('SELECT id FROM sessions WHERE id = ANY($1::uuid[])', [ids])).rows.map((r) => r.id);
const tokensOf = async (sessionId: string) =>
  (await node.db.pool.query('SELECT count(*)::int AS n FROM refresh_tokens WHERE family_id = $1', [sessionId])).rows[0]
    .n;

it('deletes sessions that ended over 30 days ago with their tokens, and keeps every other session working', async () => {
  const { user } = await node.createUser('customer');
  const revokedLongAgo = await signIn(user.email);
  const expiredLongAgo = await signIn(user.email);
  const revokedLately = await signIn(user.email);
  const live = await signIn(user.email);
  const rotated = await node.client().post('/api/v1/auth/refresh', { refreshToken: live.refreshToken });
  expect(rotated.status).toBe(200);

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
  const { pool } = node.db;
  const endedDaysAgo = (sessionId: string, days: number) =>
    pool.query("UPDATE sessions SET revoked_at = $2, revoked_reason = 'logout' WHERE id = $1", [
      sessionId,
      daysAgo(days),
    ]);
  const tokensExpiredDaysAgo = (sessionId: string, days: number, { usedOnly = false } = {}) =>
    pool.query('UPDATE refresh_tokens SET expires_at = $2 WHERE family_id = $1 AND (NOT $3 OR used_at IS NOT NULL)', [
      sessionId,
      daysAgo(days),
      usedOnly,
    ]);
  await pool.query('UPDATE sessions SET created_at = $2 WHERE id = ANY($1::uuid[])', [
    [revokedLongAgo, expiredLongAgo, revokedLately, live].map((s) => s.sessionId),
    daysAgo(90),
  ]);
  await endedDaysAgo(revokedLongAgo.sessionId, 31);
  await tokensExpiredDaysAgo(expiredLongAgo.sessionId, 31);
  await endedDaysAgo(revokedLately.sessionId, 29);
  // The live session's first token, used by the refresh above, expired long ago; its current one has not.
  await tokensExpiredDaysAgo(live.sessionId, 31, { usedOnly: true });
  expect(await tokensOf(live.sessionId)).toBe(2);

  expect(await purgeEndedSessions({ pool, clock: { now: () => new Date() } })).toBeGreaterThanOrEqual(3);

  const ids = [revokedLongAgo, expiredLongAgo, revokedLately, live].map((s) => s.sessionId);
  expect(new Set(await sessionsLeft(ids))).toEqual(new Set([revokedLately.sessionId, live.sessionId]));
  expect(await tokensOf(revokedLongAgo.sessionId)).toBe(0);
  expect(await tokensOf(live.sessionId)).toBe(1);
  const again = await node.client().post('/api/v1/auth/refresh', { refreshToken: rotated.body.refreshToken });
  expect(again.status).toBe(200);
  // A second run, on any node at any time, finds nothing more of these.
  await purgeEndedSessions({ pool, clock: { now: () => new Date() } });
  expect(new Set(await sessionsLeft(ids))).toEqual(new Set([revokedLately.sessionId, live.sessionId]));
});
