import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { TestClient } from '../../test/support/test-client.js';
import { TEST_PASSWORD, withTestNode } from '../../test/support/test-node.js';

const { node } = withTestNode();

describe('GET /me', () => {
  it('returns the signed-in user, and 401 to anyone else', async () => {
    const { user, client } = await node.createUser('partner');
    expect((await client.get('/api/v1/me')).body).toEqual({ user });
    expectError(await node.client().get('/api/v1/me'), 401, 'unauthenticated');
  });
});

describe('PATCH /me', () => {
  it('renames the user', async () => {
    const { client } = await node.createUser('customer');
    const res = await client.patch('/api/v1/me', { name: '  Ana María  ' });
    expect(res.status).toBe(200);
    expect(res.body.user.name).toBe('Ana María');
  });

  it('changes the password with the current one, and ends the other sessions', async () => {
    const { user } = await node.createUser('customer');
    const here = await node.loginWithCookies(user.email);
    const elsewhere = await node.loginWithCookies(user.email);
    const res = await here.patch('/api/v1/me', { password: 'a new password', currentPassword: TEST_PASSWORD });
    expect(res.status).toBe(200);

    expectError(
      await node.client().post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD }),
      401,
      'unauthenticated',
    );
    expect(
      (await node.client().post('/api/v1/auth/login', { email: user.email, password: 'a new password' })).status,
    ).toBe(200);
    expect((await here.post('/api/v1/auth/refresh')).status).toBe(200);
    expectError(await elsewhere.post('/api/v1/auth/refresh'), 401, 'unauthenticated');
  });

  it('refuses a new password without, or with a wrong, current password', async () => {
    const { client } = await node.createUser('customer');
    const missing = await client.patch('/api/v1/me', { password: 'a new password' });
    expectError(missing, 400, 'validation_failed');
    expect(missing.body.error.details.fields[0].path).toBe('body.currentPassword');
    const wrong = await client.patch('/api/v1/me', { password: 'a new password', currentPassword: 'not it at all' });
    expectError(wrong, 400, 'validation_failed');
  });

  it.each([[{ role: 'admin' }], [{ email: 'new@example.test' }], [{ name: '' }], [{ disabled: false }]])(
    'refuses %o (no mass assignment)',
    async (body) => {
      const { client, user } = await node.createUser('customer');
      expectError(await client.patch('/api/v1/me', body), 400, 'validation_failed');
      expect((await client.get('/api/v1/me')).body.user).toEqual(user);
    },
  );
});

describe('DELETE /me', () => {
  it('closes the account: token, refresh and login stop working; the email stays taken', async () => {
    const { user } = await node.createUser('customer');
    const client = await node.loginWithCookies(user.email);
    const res = await client.delete('/api/v1/me');
    expect(res.status).toBe(204);

    const stolen = new TestClient(node.url);
    stolen.cookies.set('access_token', { value: 'x', path: '/' });
    expectError(
      await node.client().post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD }),
      401,
      'unauthenticated',
    );
    expectError(
      await node.client().post('/api/v1/auth/register', { name: 'Again', email: user.email, password: 'password123' }),
      409,
      'email_taken',
    );
  });

  it('locks out an access token that is still valid', async () => {
    const { client } = await node.createUser('customer');
    expect((await client.delete('/api/v1/me')).status).toBe(204);
    expectError(await client.get('/api/v1/me'), 401, 'unauthenticated');
  });
});
