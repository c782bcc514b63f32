import type { SwyftEvent } from '@swyft/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test/support/test-node.js';
import { withTestServices } from '../../test/support/test-services.js';
import type { AccountLock } from '../auth/account-states.js';
import { checkAccess } from '../auth/check-access.js';
import { logIn } from '../auth/log-in.js';
import { rotateRefreshToken } from '../auth/rotate-refresh-token.js';
import { disableUser } from './disable-user.js';
import { enableUser } from './enable-user.js';
import { updateMe } from './update-me.js';

/** The account use cases called directly against a migrated database, and the lockouts they announce. */
const { services, admin, customers, partner } = withTestServices({ admins: 1, customers: 3, partners: 1 });

const locks: AccountLock[] = [];
beforeAll(() => services.accountStates.onLocked((lock) => locks.push(lock)));

let requests = 0;
const correlationId = () => `service-test-${++requests}`;
const signIn = (email: string) =>
  logIn(services, { email, password: TEST_PASSWORD, ip: '127.0.0.1', client: 'token', correlationId: 'service-test' });
const liveSessions = async (userId: string) =>
  (
    await services.pool.query('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id', [userId])
  ).rows.map((row) => row.id);
const eventTypesOf = async (userId: string) =>
  (
    await services.pool.query(
      `SELECT type FROM events WHERE data->'user'->>'id' = $1 OR data->>'userId' = $1 ORDER BY id`,
      [userId],
    )
  ).rows.map((row) => row.type);

describe('disableUser', () => {
  it('locks the account out at once: sessions ended, user.disabled logged, the lockout announced', async () => {
    const victim = customers[0]!;
    const { session } = await signIn(victim.user.email);
    expect((await checkAccess(services, session.accessToken)).ok).toBe(true);

    const user = await disableUser(services, { adminId: admin.id, userId: victim.id, correlationId: correlationId() });
    expect(user).toMatchObject({ id: victim.id, disabled: true });
    expect(await liveSessions(victim.id)).toEqual([]);
    expect(await eventTypesOf(victim.id)).toEqual(['user.logged_in', 'user.disabled']);
    expect(locks).toContainEqual({ userId: victim.id });
    expect(await checkAccess(services, session.accessToken)).toMatchObject({ ok: false, code: 'account_disabled' });
    await expect(signIn(victim.user.email)).rejects.toMatchObject({ code: 'account_disabled' });
  });

  it('refuses an admin disabling themself, and an unknown user', async () => {
    await expect(
      disableUser(services, { adminId: admin.id, userId: admin.id, correlationId: correlationId() }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      disableUser(services, { adminId: admin.id, userId: crypto.randomUUID(), correlationId: correlationId() }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('enableUser', () => {
  it('lets the user sign in again at once, and announces no lockout', async () => {
    const user = customers[1]!;
    await disableUser(services, { adminId: admin.id, userId: user.id, correlationId: correlationId() });
    const before = locks.length;
    const enabled = await enableUser(services, { adminId: admin.id, userId: user.id, correlationId: correlationId() });
    expect(enabled.disabled).toBe(false);
    expect(locks).toHaveLength(before);
    expect(await eventTypesOf(user.id)).toEqual(['user.disabled', 'user.enabled']);
    expect((await signIn(user.user.email)).user.id).toBe(user.id);
  });
});

describe('rotateRefreshToken', () => {
  it('trades a refresh token for a new pair in the same session, once', async () => {
    const { session } = await signIn(partner.user.email);
    const rotated = await rotateRefreshToken(services, session.refreshToken, correlationId());
    expect(rotated.user.id).toBe(partner.id);
    expect(rotated.session.sessionId).toBe(session.sessionId);
    expect(rotated.session.refreshToken).not.toBe(session.refreshToken);
    expect((await checkAccess(services, rotated.session.accessToken)).ok).toBe(true);
  });

  it('revokes the session when a used token comes back, and announces that session locked', async () => {
    const { session } = await signIn(partner.user.email);
    const rotated = await rotateRefreshToken(services, session.refreshToken, correlationId());
    await expect(rotateRefreshToken(services, session.refreshToken, correlationId())).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(locks).toContainEqual({ userId: partner.id, sessionIds: [session.sessionId] });
    expect(await liveSessions(partner.id)).not.toContain(session.sessionId);
    // The rotated pair belonged to the same session: the thief's copy and the owner's both stop working.
    await expect(rotateRefreshToken(services, rotated.session.refreshToken, correlationId())).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect((await checkAccess(services, rotated.session.accessToken)).ok).toBe(false);
  });
});

describe('updateMe', () => {
  it('a new password ends the other sessions, and announces those sessions locked', async () => {
    const user = customers[2]!;
    const here = await signIn(user.user.email);
    const elsewhere = await signIn(user.user.email);
    await updateMe(services, {
      userId: user.id,
      role: 'customer',
      sessionId: here.session.sessionId,
      correlationId: correlationId(),
      password: 'a brand new password',
      currentPassword: TEST_PASSWORD,
    });
    expect(locks).toContainEqual({
      userId: user.id,
      sessionIds: expect.arrayContaining([elsewhere.session.sessionId, user.sessionId]),
    });
    expect(await liveSessions(user.id)).toEqual([here.session.sessionId]);
  });
});

describe('the lockout signal', () => {
  const logged = (type: string, data: Record<string, unknown>) =>
    ({
      seq: 1,
      type,
      at: new Date().toISOString(),
      actor: null,
      orderId: null,
      data,
      correlationId: 'x',
    }) as SwyftEvent;

  it('is also raised by the log (a lost bus message): user.disabled for every session, session.revoked for some', () => {
    const userId = crypto.randomUUID();
    services.accountStates.observe(logged('user.disabled', { user: { id: userId } }));
    services.accountStates.observe(logged('session.revoked', { userId, sessionIds: ['s1'], reason: 'logout' }));
    services.accountStates.observe(logged('user.enabled', { user: { id: userId } }));
    expect(locks.filter((lock) => lock.userId === userId)).toEqual([{ userId }, { userId, sessionIds: ['s1'] }]);
  });
});
