import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { TestClient } from '../../test/support/test-client.js';
import { TEST_JWT_SECRET, withTestNode } from '../../test/support/test-node.js';

const { node } = withTestNode();

describe('CSRF', () => {
  it('is required for every unsafe cookie request and not for bearer requests or safe methods', async () => {
    const { user, token } = await node.createUser('customer');
    const client = await node.loginWithCookies(user.email);
    expectError(await client.patch('/api/v1/me', { name: 'X' }, { omitCsrf: true }), 403, 'csrf_failed');
    expect((await client.patch('/api/v1/me', { name: 'X' })).status).toBe(200);
    expect((await client.get('/api/v1/me', { omitCsrf: true })).status).toBe(200);
    expect((await new TestClient(node.url, { bearer: token }).patch('/api/v1/me', { name: 'Y' })).status).toBe(200);
  });
});

describe('access token verification', () => {
  const secret = TEST_JWT_SECRET;
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claimsFor = (userId: string) => ({
    sub: userId,
    role: 'admin',
    sid: '00000000-0000-4000-8000-000000000000',
    iss: 'swyft',
    aud: 'swyft-api',
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 600,
  });

  it('accepts a token it signed', async () => {
    const { user, token } = await node.createUser('customer');
    const res = await new TestClient(node.url, { bearer: token }).get('/api/v1/me');
    expect(res.body.user.id).toBe(user.id);
  });

  it.each([
    ['alg none', (userId: string) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsFor(userId))}.`],
    [
      'HS512 with the right secret (another algorithm)',
      (userId: string) => {
        const input = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claimsFor(userId))}`;
        return `${input}.${createHmac('sha512', secret).update(input).digest('base64url')}`;
      },
    ],
    [
      'signed with another secret',
      (userId: string) => {
        const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claimsFor(userId))}`;
        return `${input}.${createHmac('sha256', 'another-secret-another-secret-xx').update(input).digest('base64url')}`;
      },
    ],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s with 401', async (_name, forge) => {
    const { user } = await node.createUser('customer');
    const res = await new TestClient(node.url, { bearer: forge(user.id) }).get('/api/v1/me');
    expectError(res, 401, 'unauthenticated');
  });

  it('refuses a token with one flipped signature byte, or with a changed payload', async () => {
    const { token } = await node.createUser('customer');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    const flipped = `${header}.${payload}.${bytes.toString('base64url')}`;
    expectError(await new TestClient(node.url, { bearer: flipped }).get('/api/v1/me'), 401, 'unauthenticated');

    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = `${header}.${b64({ ...claims, role: 'admin' })}.${signature}`;
    expectError(await new TestClient(node.url, { bearer: elevated }).get('/api/v1/me'), 401, 'unauthenticated');
  });

  it('refuses an Authorization header that is not a bearer token, even on a public route', async () => {
    const res = await node.client().get('/api/v1/products', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectError(res, 401, 'unauthenticated');
    expect((await node.client().get('/api/v1/products')).status).toBe(200);
  });

  it('refuses an expired token', async () => {
    const { user } = await node.createUser('customer');
    const expired = await new SignJWT({ role: 'customer', sid: '00000000-0000-4000-8000-000000000000' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('swyft')
      .setAudience('swyft-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    expectError(await new TestClient(node.url, { bearer: expired }).get('/api/v1/me'), 401, 'unauthenticated');
  });

  it('refuses a correctly signed token of a session that does not exist, or is another user’s', async () => {
    const { user } = await node.createUser('customer');
    const other = await node.createUser('customer');
    for (const sessionId of [crypto.randomUUID(), other.sessionId]) {
      const token = await node.node.ctx.accessTokens.sign({ userId: user.id, role: 'customer', sessionId });
      expectError(await new TestClient(node.url, { bearer: token }).get('/api/v1/me'), 401, 'unauthenticated');
    }
  });

  it('reads the role from the account, not from the token', async () => {
    const { user, sessionId } = await node.createUser('customer');
    // A token claiming admin for a customer account, correctly signed (say, issued before a demotion).
    const token = await node.node.ctx.accessTokens.sign({ userId: user.id, role: 'admin', sessionId });
    expectError(await new TestClient(node.url, { bearer: token }).get('/api/v1/admin/users'), 403, 'forbidden');
  });
});
