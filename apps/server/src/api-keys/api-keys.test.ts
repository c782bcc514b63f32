import { createHmac } from 'node:crypto';
import { type ApiKey, type ApiKeyScope, apiKeyScopes, type SwyftEvent } from '@swyft/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { TestClient } from '../../test/support/test-client.js';
import { startTestNode, type TestNode, withTestNode } from '../../test/support/test-node.js';
import { createProduct, placeOrder } from '../orders/testing/order-factories.js';
import { createLogger } from '../platform/logger.js';
import { refusalOf } from '../realtime/testing/socket-clients.js';

const API_KEY_SECRET = 'an-api-key-hashing-secret-for-the-tests-0123456789';
const KEY_RATE_LIMIT = 60;
let logged = '';
const { node, admin, customer, partner } = withTestNode({ admins: 1, customers: 1, partners: 1 }, () => ({
  env: { API_KEY_SECRET, API_KEY_RATE_LIMIT_PER_MINUTE: String(KEY_RATE_LIMIT), LOG_LEVEL: 'debug' },
  log: createLogger('debug', {
    write(line: string) {
      logged += line;
    },
  }),
}));

interface CreatedKey {
  apiKey: ApiKey;
  secret: string;
  client: TestClient;
}

async function createKey(scopes: ApiKeyScope[], on: TestNode = node): Promise<CreatedKey> {
  const res = await admin.client.post('/api/v1/admin/api-keys', { name: `key ${scopes.join(' ')}`, scopes });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...res.body, client: new TestClient(on.url, { bearer: res.body.secret }) };
}

const revoke = async (key: CreatedKey) =>
  expect((await admin.client.delete(`/api/v1/admin/api-keys/${key.apiKey.id}`)).status).toBe(204);

describe('admin routes', () => {
  it('creates a key whose secret is shown once, lists keys without it, revokes at once', async () => {
    const created = await admin.client.post('/api/v1/admin/api-keys', { name: 'BI export', scopes: ['orders:read'] });
    expect(created.status).toBe(201);
    const { apiKey, secret } = created.body as { apiKey: ApiKey; secret: string };
    expect(secret).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(3), 'base64url')).toHaveLength(32);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: 'BI export',
      scopes: ['orders:read'],
      prefix: secret.slice(0, 11),
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });

    const list = await admin.client.get('/api/v1/admin/api-keys');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(apiKey);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(11));

    // Stored only as HMAC-SHA-256 under the server's secret: no column holds the secret.
    const { rows } = await node.db.pool.query('SELECT * FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(rows[0].secret_hash).toEqual(createHmac('sha256', API_KEY_SECRET).update(secret).digest());
    expect(JSON.stringify(rows[0])).not.toContain(secret.slice(11));

    const key = new TestClient(node.url, { bearer: secret });
    expect((await key.get('/api/v1/admin/orders')).status).toBe(200);
    expect((await admin.client.delete(`/api/v1/admin/api-keys/${apiKey.id}`)).status).toBe(204);
    expectError(await key.get('/api/v1/admin/orders'), 401, 'unauthenticated');
    const revoked = (await admin.client.get('/api/v1/admin/api-keys')).body.items.find(
      (k: ApiKey) => k.id === apiKey.id,
    );
    expect(revoked.revokedAt).toEqual(expect.any(String));
    // Again: no change, no second event.
    expect((await admin.client.delete(`/api/v1/admin/api-keys/${apiKey.id}`)).status).toBe(204);
    const { rows: logged } = await node.db.pool.query(
      `SELECT data->'apiKey'->>'revokedAt' AS at FROM events WHERE type = 'api_key.revoked' AND data->'apiKey'->>'id' = $1`,
      [apiKey.id],
    );
    expect(logged).toEqual([{ at: revoked.revokedAt }]);
    expectError(await admin.client.delete(`/api/v1/admin/api-keys/${crypto.randomUUID()}`), 404, 'not_found');
  });

  it('refuses bad input with 400 and anyone but an admin with 401/403', async () => {
    const bad = [
      {},
      { name: 'x' },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['orders:delete'] },
      { name: 'x', scopes: ['orders:read', 'orders:read'] },
      { name: '', scopes: ['orders:read'] },
      { name: 'x\u0000', scopes: ['orders:read'] },
      { name: 'x', scopes: ['orders:read'], secret: 'sk_mine' },
    ];
    for (const body of bad)
      expectError(await admin.client.post('/api/v1/admin/api-keys', body), 400, 'validation_failed');
    expectError(await admin.client.delete('/api/v1/admin/api-keys/not-a-uuid'), 400, 'validation_failed');
    for (const user of [customer, partner]) {
      expectError(await user.client.get('/api/v1/admin/api-keys'), 403, 'forbidden');
      expectError(
        await user.client.post('/api/v1/admin/api-keys', { name: 'x', scopes: ['orders:read'] }),
        403,
        'forbidden',
      );
    }
    expectError(await node.client().get('/api/v1/admin/api-keys'), 401, 'unauthenticated');
  });

  it('refuses unknown, malformed and tampered keys with 401', async () => {
    const { secret } = await createKey(['orders:read']);
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    for (const token of ['sk_', 'sk_short', `${secret}x`, `${secret.slice(0, -1)}${last}`, `sk_${'A'.repeat(43)}`]) {
      expectError(
        await new TestClient(node.url, { bearer: token }).get('/api/v1/admin/orders'),
        401,
        'unauthenticated',
      );
    }
    // A key is a bearer credential only: in the session cookie it is no session, and no way around CSRF.
    const inCookie = node.client();
    inCookie.cookies.set('access_token', { value: secret, path: '/' });
    expectError(await inCookie.get('/api/v1/admin/orders'), 401, 'unauthenticated');
    expect((await inCookie.get('/api/v1/products')).status).toBe(200);
    // A bad key is refused even on a public route: the client must hear that its key is wrong.
    expectError(await new TestClient(node.url, { bearer: 'sk_short' }).get('/api/v1/products'), 401, 'unauthenticated');
  });
});

describe('scopes', () => {
  let orderId: string;
  let productId: string;
  const keys = {} as Record<ApiKeyScope, CreatedKey>;
  beforeAll(async () => {
    const product = await createProduct(admin.client, { stock: 100 });
    productId = product.id;
    orderId = (await placeOrder(customer.client, [{ productId, quantity: 1 }])).id;
    for (const scope of apiKeyScopes) keys[scope] = await createKey([scope]);
  });

  /**
   * Every route a key may call, with the scope it needs, and routes no key may call (scope null). Each call
   * is chosen to change nothing once let through (an impossible move, an unknown product, a bad body).
   */
  const routes: [method: string, path: () => string, scope: ApiKeyScope | null, body?: unknown][] = [
    ['GET', () => `/api/v1/orders/${orderId}`, 'orders:read'],
    ['GET', () => '/api/v1/admin/orders', 'orders:read'],
    ['PATCH', () => `/api/v1/orders/${orderId}/status`, 'orders:write', { status: 'delivered' }],
    ['PATCH', () => `/api/v1/orders/${crypto.randomUUID()}/cancel`, 'orders:write'],
    ['POST', () => '/api/v1/products', 'catalog:write', { name: '' }],
    ['PATCH', () => `/api/v1/products/${crypto.randomUUID()}`, 'catalog:write', { priceCents: 100 }],
    ['GET', () => '/api/v1/events?limit=1', 'events:read'],
    ['POST', () => '/api/v1/stores', 'catalog:write', { name: '' }],
    ['PATCH', () => `/api/v1/stores/${crypto.randomUUID()}`, 'catalog:write', { prepMinutes: 5 }],
    ['PUT', () => `/api/v1/stores/${crypto.randomUUID()}/stock`, 'stock:write', { items: [] }],
    ['GET', () => '/api/v1/stores', null],
    ['GET', () => '/api/v1/delivery-quote?lat=52.52&lng=13.405', null],
    ['GET', () => '/api/v1/me/addresses', null],
    ['GET', () => '/api/v1/products', null],
    ['GET', () => `/api/v1/products/${productId}`, null],
    ['GET', () => '/api/v1/me', null],
    ['POST', () => '/api/v1/orders', null, { items: [], address: 'x' }],
    ['GET', () => `/api/v1/orders/${orderId}/events`, null],
    ['PATCH', () => `/api/v1/orders/${orderId}/accept`, null],
    ['GET', () => '/api/v1/admin/users', null],
    ['GET', () => '/api/v1/admin/stats', null],
    ['GET', () => '/api/v1/admin/api-keys', null],
    ['POST', () => '/api/v1/admin/api-keys', null, { name: 'escalate', scopes: ['orders:read'] }],
    ['GET', () => '/api/v1/events/stats', null],
    ['POST', () => '/api/v1/events/replay', null, { fromSeq: 1, toSeq: 1 }],
  ];

  it.each(apiKeyScopes)('a key with only %s calls its routes and gets 403 naming the scope elsewhere', async (held) => {
    for (const [method, path, scope, body] of routes) {
      const res = await keys[held].client.request(method, path(), { body });
      const what = `${method} ${path()} with ${held}`;
      if (scope === held) {
        expect([401, 403, 429], what).not.toContain(res.status);
      } else {
        expectError(res, 403, 'forbidden');
        expect(res.body.error.details, what).toEqual({ requiredScope: scope });
      }
    }
  });

  it('a key acts in its own name: events and the timeline record {id, role: "api_key"}', async () => {
    const writer = await createKey(['orders:write', 'catalog:write']);
    const idempotent = { headers: { 'idempotency-key': 'cancel-once' } };
    const cancelled = await writer.client.patch(`/api/v1/orders/${orderId}/cancel`, undefined, idempotent);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    // Its Idempotency-Key is scoped to the key, as a user's is to the user.
    const again = await writer.client.patch(`/api/v1/orders/${orderId}/cancel`, undefined, idempotent);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(cancelled.body.order.timeline.at(-1)).toMatchObject({
      status: 'cancelled',
      actorId: writer.apiKey.id,
      actorRole: 'api_key',
    });
    const product = await writer.client.post('/api/v1/products', { name: 'From the till', priceCents: 99, stock: 3 });
    expect(product.status).toBe(201);

    const actor = { id: writer.apiKey.id, role: 'api_key' };
    await expect
      .poll(async () => {
        const events = (await admin.client.get('/api/v1/events?limit=100')).body.items as SwyftEvent[];
        return events.filter((e) => e.actor?.id === writer.apiKey.id).map((e) => [e.type, e.actor]);
      })
      .toEqual([
        ['order.cancelled', actor],
        ['product.created', actor],
        ['stock.updated', actor],
      ]);
    // The reader sees the same through its own scope.
    const read = await keys['events:read'].client.get('/api/v1/events?type=product.created&limit=100');
    expect(read.body.items.at(-1).actor).toEqual(actor);
  });

  it('keeps lastUsedAt in batches, not by a write per request', async () => {
    const key = await createKey(['orders:read']);
    for (let i = 0; i < 3; i++) expect((await key.client.get('/api/v1/admin/orders')).status).toBe(200);
    const lastUsed = async () =>
      (await node.db.pool.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.apiKey.id])).rows[0]
        .last_used_at;
    // The background flush runs every 2 s; the test flushes at once instead of waiting for it.
    await node.node.ctx.apiKeys.flushLastUsed();
    expect(await lastUsed()).toBeInstanceOf(Date);
    const listed = (await admin.client.get('/api/v1/admin/api-keys')).body.items.find(
      (k: ApiKey) => k.id === key.apiKey.id,
    );
    expect(listed.lastUsedAt).toEqual(expect.any(String));
  });

  it('has a rate limit of its own per key: 429 with retry-after', async () => {
    const key = await createKey(['orders:read']);
    for (let i = 0; i < KEY_RATE_LIMIT; i++)
      expect((await key.client.get(`/api/v1/orders/${orderId}`)).status).toBe(200);
    const limited = await key.client.get(`/api/v1/orders/${orderId}`);
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another key, and the admin who made them, are not slowed down.
    expect((await keys['orders:read'].client.get(`/api/v1/orders/${orderId}`)).status).toBe(200);
    expect((await admin.client.get(`/api/v1/orders/${orderId}`)).status).toBe(200);
  });

  it('are in the OpenAPI document, from the same declaration the check reads', async () => {
    const doc = (await node.client().get('/api-docs/openapi.json')).body;
    for (const [method, path, scope] of routes) {
      if (!scope) continue;
      const template = path()
        .split('?')[0]!
        .replace(/[0-9a-f-]{36}/, '{id}');
      expect(doc.paths[template][method.toLowerCase()].description, template).toContain(`\`${scope}\``);
    }
    expect(doc.paths['/api/v1/me'].get.description ?? '').not.toContain('API keys');
  });

  it('is refused on the socket', async () => {
    expect(await refusalOf(node.url, { token: keys['events:read'].secret })).toBe('forbidden');
  });
});

describe('events and logs', () => {
  it('logs api_key.created and api_key.revoked for admins only, never with the secret', async () => {
    const key = await createKey(['events:read']);
    await revoke(key);
    const { rows } = await node.db.pool.query(
      `SELECT type, actor_id, actor_role, audience_user_ids, data FROM events
       WHERE type LIKE 'api_key.%' AND data->'apiKey'->>'id' = $1 ORDER BY id`,
      [key.apiKey.id],
    );
    expect(rows.map((r) => [r.type, r.actor_id, r.actor_role, r.audience_user_ids])).toEqual([
      ['api_key.created', admin.user.id, 'admin', []],
      ['api_key.revoked', admin.user.id, 'admin', []],
    ]);
    expect(rows[1].data.apiKey).toMatchObject({ id: key.apiKey.id, revokedAt: expect.any(String) });
    expect(JSON.stringify(rows)).not.toContain(key.secret.slice(11));
  });

  it('never writes a secret into the server log', async () => {
    const key = await createKey(['orders:read']);
    await key.client.get('/api/v1/admin/orders');
    await key.client.get('/api/v1/me');
    await revoke(key);
    await key.client.get('/api/v1/admin/orders');
    expect(logged).toContain('"statusCode":401');
    expect(logged).not.toContain(key.secret.slice(11));
  });
});

describe.runIf(inject('redisUrl'))('revocation on a second node (Redis)', () => {
  let second: TestNode;
  beforeAll(async () => {
    second = await startTestNode({ db: node.db, env: { ...node.env, LOG_LEVEL: 'silent' } });
  });
  afterAll(() => second?.close());

  it('a key revoked on node 1 gets 401 on node 2 within a second', async () => {
    const key = await createKey(['orders:read']);
    const there = new TestClient(second.url, { bearer: key.secret });
    // Cached as live on node 2 first.
    expect((await there.get('/api/v1/admin/orders')).status).toBe(200);
    const revokedAt = Date.now();
    await revoke(key);
    await expect
      .poll(async () => (await there.get('/api/v1/admin/orders')).status, { timeout: 1_000, interval: 20 })
      .toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
  });
});
