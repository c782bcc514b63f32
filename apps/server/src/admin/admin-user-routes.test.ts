import { describe, expect, inject, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { startTestNode, withTestNode } from '../../test/support/test-node.js';

const { node, admin } = withTestNode({ admins: 1 });

describe('GET /admin/users', () => {
  it('lists users newest first with cursor pagination, filters by role, text and state', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const partners = [];
    for (let i = 0; i < 5; i++) partners.push(await node.createUser('partner', { name: `Zed ${tag} ${i}` }));
    const customer = await node.createUser('customer', { email: `zed-${tag}@example.test` });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?q=${tag}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await admin.client.get(`/api/v1/admin/users${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u: { id: string }) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([customer, ...partners.reverse()].map((u) => u.user.id));

    const onlyPartners = await admin.client.get(`/api/v1/admin/users?q=${tag}&role=partner&limit=100`);
    expect(onlyPartners.body.items).toHaveLength(5);
    expect(onlyPartners.body.nextCursor).toBeNull();

    await admin.client.patch(`/api/v1/admin/users/${customer.user.id}/disable`);
    const disabled = await admin.client.get(`/api/v1/admin/users?q=${tag}&disabled=true`);
    expect(disabled.body.items.map((u: { id: string }) => u.id)).toEqual([customer.user.id]);
  });

  it('treats % and _ in the search text literally', async () => {
    const res = await admin.client.get('/api/v1/admin/users?q=%25');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('caps limit at 100 and refuses a forged cursor or bad filter with 400', async () => {
    for (let i = 0; i < 3; i++) await node.createUser('customer');
    const big = await admin.client.get('/api/v1/admin/users?limit=5000');
    expect(big.status).toBe(200);
    expect(big.body.items.length).toBeLessThanOrEqual(100);
    expectError(await admin.client.get('/api/v1/admin/users?cursor=bm9wZQ'), 400, 'validation_failed');
    const forged = Buffer.from(JSON.stringify(["2026-01-01'; DROP TABLE users;--", crypto.randomUUID()])).toString(
      'base64url',
    );
    expectError(await admin.client.get(`/api/v1/admin/users?cursor=${forged}`), 400, 'validation_failed');
    expectError(await admin.client.get('/api/v1/admin/users?role=superuser'), 400, 'validation_failed');
    expectError(await admin.client.get('/api/v1/admin/users?disabled=maybe'), 400, 'validation_failed');
    expectError(await admin.client.get('/api/v1/admin/users?limit=0'), 400, 'validation_failed');
    expectError(await admin.client.get('/api/v1/admin/users?sort=name'), 400, 'validation_failed');
  });

  it('is for admins only', async () => {
    const customer = await node.createUser('customer');
    const partner = await node.createUser('partner');
    expectError(await customer.client.get('/api/v1/admin/users'), 403, 'forbidden');
    expectError(await partner.client.get('/api/v1/admin/users'), 403, 'forbidden');
    expectError(await node.client().get('/api/v1/admin/users'), 401, 'unauthenticated');
  });
});

describe('PATCH /admin/users/:id/disable and /enable', () => {
  it('locks a user out at once, even with an unexpired access token, and lets them back in', async () => {
    const victim = await node.createUser('customer');
    const cookieSession = await node.loginWithCookies(victim.user.email);
    expect((await victim.client.get('/api/v1/me')).status).toBe(200); // cached as enabled

    const disabled = await admin.client.patch(`/api/v1/admin/users/${victim.user.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.user).toEqual({ ...victim.user, disabled: true });

    expectError(await victim.client.get('/api/v1/me'), 403, 'account_disabled');
    expectError(await cookieSession.get('/api/v1/me'), 403, 'account_disabled');
    expectError(await cookieSession.post('/api/v1/auth/refresh'), 403, 'account_disabled');

    const enabled = await admin.client.patch(`/api/v1/admin/users/${victim.user.id}/enable`);
    expect(enabled.body.user.disabled).toBe(false);
    // Disabling ended the sessions: their access and refresh tokens stay dead, a new login works.
    expectError(await victim.client.get('/api/v1/me'), 401, 'unauthenticated');
    expectError(await cookieSession.get('/api/v1/me'), 401, 'unauthenticated');
    cookieSession.cookies.delete('access_token');
    expectError(await cookieSession.post('/api/v1/auth/refresh'), 401, 'unauthenticated');
    expect((await node.loginWithCookies(victim.user.email)).cookies.has('access_token')).toBe(true);
  });

  it('records user.disabled and user.enabled events in the log', async () => {
    const victim = await node.createUser('partner');
    await admin.client.patch(`/api/v1/admin/users/${victim.user.id}/disable`);
    await admin.client.patch(`/api/v1/admin/users/${victim.user.id}/enable`);
    const { rows } = await node.db.pool.query(
      `SELECT type, actor_id FROM events WHERE data->'user'->>'id' = $1 ORDER BY id`,
      [victim.user.id],
    );
    expect(rows).toEqual([
      { type: 'user.disabled', actor_id: admin.user.id },
      { type: 'user.enabled', actor_id: admin.user.id },
    ]);
  });

  it('does not let an admin disable themself', async () => {
    expectError(await admin.client.patch(`/api/v1/admin/users/${admin.user.id}/disable`), 403, 'forbidden');
    expect((await admin.client.get('/api/v1/me')).status).toBe(200);
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    expectError(await admin.client.patch(`/api/v1/admin/users/${crypto.randomUUID()}/disable`), 404, 'not_found');
    expectError(await admin.client.patch('/api/v1/admin/users/42/disable'), 400, 'validation_failed');
  });

  it('is for admins only', async () => {
    const customer = await node.createUser('customer');
    const other = await node.createUser('customer');
    expectError(await customer.client.patch(`/api/v1/admin/users/${other.user.id}/disable`), 403, 'forbidden');
  });
});

describe.runIf(inject('redisUrl'))('across nodes (Redis)', () => {
  it('locks the user out on every node at once', async () => {
    const second = await startTestNode({ db: node.db, env: { REDIS_PREFIX: node.env.REDIS_PREFIX! } });
    try {
      const victim = await node.createUser('customer');
      const onSecond = second.client();
      onSecond.bearer = victim.token;
      expect((await onSecond.get('/api/v1/me')).status).toBe(200); // now cached as enabled on node 2
      await admin.client.patch(`/api/v1/admin/users/${victim.user.id}/disable`); // through node 1
      await expect
        .poll(async () => (await onSecond.get('/api/v1/me')).status, { timeout: 1000, interval: 20 })
        .toBe(403);
    } finally {
      await second.close();
    }
  });
});
