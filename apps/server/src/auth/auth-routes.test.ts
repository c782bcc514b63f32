import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { TestClient } from '../../test/support/test-client.js';
import { TEST_PASSWORD, withTestNode } from '../../test/support/test-node.js';

const { node } = withTestNode();

const register = (client: TestClient, body: Record<string, unknown>) => client.post('/api/v1/auth/register', body);
const uniqueEmail = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 10)}@example.test`;

describe('POST /auth/register', () => {
  it('creates a customer, signs them in with cookies and never returns a hash', async () => {
    const client = node.client();
    const email = uniqueEmail('Reg');
    const res = await register(client, { name: 'Rita', email, password: 'password123' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      user: {
        id: expect.any(String),
        name: 'Rita',
        email,
        role: 'customer',
        disabled: false,
        createdAt: expect.any(String),
      },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon|hash/i);
    expect((await client.get('/api/v1/me')).body.user.email).toBe(email);
  });

  it('sets HttpOnly SameSite=Lax session cookies and a readable CSRF cookie', async () => {
    const res = await register(node.client(), { name: 'C', email: uniqueEmail('cookie'), password: 'password123' });
    const byName = Object.fromEntries(res.setCookies.map((c) => [c.split('=')[0], c]));
    expect(byName.access_token).toMatch(/HttpOnly/);
    expect(byName.access_token).toMatch(/SameSite=Lax/);
    expect(byName.access_token).toMatch(/Path=\//);
    expect(byName.access_token).not.toMatch(/Secure/); // plain http, COOKIE_SECURE unset
    expect(byName.refresh_token).toMatch(/HttpOnly/);
    expect(byName.refresh_token).toMatch(/Path=\/api\/v1\/auth/);
    expect(byName.csrf_token).not.toMatch(/HttpOnly/);
    expect(byName.csrf_token).toMatch(/SameSite=Lax/);
  });

  it('registers a partner when asked', async () => {
    const res = await register(node.client(), {
      name: 'P',
      email: uniqueEmail('p'),
      password: 'password123',
      role: 'partner',
    });
    expect(res.body.user.role).toBe('partner');
  });

  it('refuses to self-register an admin', async () => {
    const res = await register(node.client(), {
      name: 'A',
      email: uniqueEmail('a'),
      password: 'password123',
      role: 'admin',
    });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields[0].path).toBe('body.role');
  });

  it('treats emails case-insensitively: 409 email_taken', async () => {
    const email = uniqueEmail('dup');
    expect((await register(node.client(), { name: 'A', email, password: 'password123' })).status).toBe(201);
    const again = await register(node.client(), { name: 'B', email: email.toUpperCase(), password: 'password123' });
    expectError(again, 409, 'email_taken');
  });

  it.each([
    [{ name: 'A', email: 'not-an-email', password: 'password123' }, 'body.email'],
    [{ name: 'A', email: 'x@example.test', password: 'short' }, 'body.password'],
    [{ email: 'x@example.test', password: 'password123' }, 'body.name'],
    [{ name: 'A', email: 'x@example.test', password: 'password123', isAdmin: true }, 'body'],
  ])('answers 400 validation_failed listing the bad field for %o', async (body, path) => {
    const res = await register(node.client(), body);
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
  });
});

describe('POST /auth/login', () => {
  it('signs in with cookies; wrong password and unknown email get the same 401', async () => {
    const { user } = await node.createUser('customer');
    const ok = await node.client().post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ user });

    const wrong = await node.client().post('/api/v1/auth/login', { email: user.email, password: 'wrong password' });
    const unknown = await node
      .client()
      .post('/api/v1/auth/login', { email: 'nobody@example.test', password: 'wrong password' });
    expectError(wrong, 401, 'unauthenticated');
    expectError(unknown, 401, 'unauthenticated');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.setCookies).toEqual([]);
  });

  it('gives token clients the tokens in the body and sets no cookie', async () => {
    const { user } = await node.createUser('partner');
    const res = await node
      .client()
      .post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD, client: 'token' });
    expect(res.status).toBe(200);
    expect(res.setCookies).toEqual([]);
    expect(res.body).toEqual({ user, accessToken: expect.any(String), refreshToken: expect.any(String) });
    const me = await new TestClient(node.url, { bearer: res.body.accessToken }).get('/api/v1/me');
    expect(me.body.user.id).toBe(user.id);
  });

  it('refuses a disabled account with 403 account_disabled', async () => {
    const { user } = await node.createUser('customer');
    const admin = await node.createUser('admin');
    await admin.client.patch(`/api/v1/admin/users/${user.id}/disable`);
    const res = await node.client().post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expectError(res, 403, 'account_disabled');
  });
});

describe('POST /auth/refresh', () => {
  it('rotates the refresh cookie; the old one is single-use and its reuse revokes the whole session', async () => {
    const { user } = await node.createUser('customer');
    const client = await node.loginWithCookies(user.email);
    const first = client.cookies.get('refresh_token')!.value;

    const rotated = await client.post('/api/v1/auth/refresh');
    expect(rotated.status).toBe(200);
    expect(rotated.body.user.id).toBe(user.id);
    const second = client.cookies.get('refresh_token')!.value;
    expect(second).not.toBe(first);

    // An attacker replays the first token: refused, and the session family is revoked...
    const thief = new TestClient(node.url);
    thief.cookies.set('refresh_token', { value: first, path: '/api/v1/auth' });
    expectError(await thief.post('/api/v1/auth/refresh'), 401, 'unauthenticated');
    // ...so the legitimate holder of the newest token is signed out too.
    expectError(await client.post('/api/v1/auth/refresh'), 401, 'unauthenticated');
  });

  it('rotates a token pair in the body for token clients', async () => {
    const { user } = await node.createUser('partner');
    const login = await node
      .client()
      .post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD, client: 'token' });
    const res = await node.client().post('/api/v1/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(res.status).toBe(200);
    expect(res.setCookies).toEqual([]);
    expect(res.body.refreshToken).not.toBe(login.body.refreshToken);
    expectError(
      await node.client().post('/api/v1/auth/refresh', { refreshToken: login.body.refreshToken }),
      401,
      'unauthenticated',
    );
  });

  it('lets exactly one of two concurrent refreshes with one token win', async () => {
    const { user } = await node.createUser('customer');
    const login = await node
      .client()
      .post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD, client: 'token' });
    const results = await Promise.all(
      [1, 2].map(() => node.client().post('/api/v1/auth/refresh', { refreshToken: login.body.refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('answers 401 without a token, or with an unknown one', async () => {
    expectError(await node.client().post('/api/v1/auth/refresh'), 401, 'unauthenticated');
    expectError(await node.client().post('/api/v1/auth/refresh', { refreshToken: 'nope' }), 401, 'unauthenticated');
  });
});

describe('POST /auth/logout', () => {
  it('revokes the session and clears the cookies', async () => {
    const { user } = await node.createUser('customer');
    const client = await node.loginWithCookies(user.email);
    const refreshToken = client.cookies.get('refresh_token')!.value;
    const res = await client.post('/api/v1/auth/logout');
    expect(res.status).toBe(204);
    expect(client.cookies.size).toBe(0);
    const replay = new TestClient(node.url);
    replay.cookies.set('refresh_token', { value: refreshToken, path: '/api/v1/auth' });
    expectError(await replay.post('/api/v1/auth/refresh'), 401, 'unauthenticated');
  });

  it('needs a session (401) and, for cookie clients, the CSRF header (403)', async () => {
    expectError(await node.client().post('/api/v1/auth/logout'), 401, 'unauthenticated');
    const { user } = await node.createUser('customer');
    const client = await node.loginWithCookies(user.email);
    expectError(await client.post('/api/v1/auth/logout', undefined, { omitCsrf: true }), 403, 'csrf_failed');
    expectError(
      await client.post('/api/v1/auth/logout', undefined, { headers: { 'x-csrf-token': 'forged' } }),
      403,
      'csrf_failed',
    );
  });
});
