import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { startTestNode, withTestNode } from '../../test/support/test-node.js';

const { node } = withTestNode({}, { env: { CORS_ORIGIN: 'https://shop.example' } });

describe('the one error shape', () => {
  it('answers an unknown API route with 404 in the error shape', async () => {
    expectError(await node.client().get('/api/v1/nothing-here'), 404, 'not_found');
    expectError(await node.client().post('/api/v1/nothing-here', {}), 404, 'not_found');
    expectError(await node.client().get('/nope'), 404, 'not_found');
  });

  it('answers 413 for a body over 1 MB', async () => {
    const { client } = await node.createUser('customer');
    const res = await client.patch('/api/v1/me', undefined, {
      rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expectError(res, 413, 'payload_too_large');
  });

  it('answers 415 for anything but JSON', async () => {
    const { client } = await node.createUser('customer');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await client.patch('/api/v1/me', undefined, { rawBody: 'name=x', headers: { 'content-type': type } });
      expectError(res, 415, 'unsupported_media_type');
    }
  });

  it('answers 400 invalid_json for a malformed body, and refuses prototype poisoning', async () => {
    const { client } = await node.createUser('customer');
    expectError(await client.patch('/api/v1/me', undefined, { rawBody: '{"name": ' }), 400, 'invalid_json');
    expectError(
      await client.patch('/api/v1/me', undefined, { rawBody: '{"name":"x","__proto__":{"role":"admin"}}' }),
      400,
      'invalid_json',
    );
  });

  it('echoes a sane x-request-id and puts the same id in the error', async () => {
    const res = await node.client().get('/api/v1/me', { headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(res.body.error.requestId).toBe('trace-123');
    const odd = await node.client().get('/api/v1/me', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('headers', () => {
  it('sends security headers', async () => {
    const res = await node.client().get('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('allows CORS only for CORS_ORIGIN', async () => {
    const allowed = await node.client().request('OPTIONS', '/api/v1/me', {
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'PATCH' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await node.client().get('/healthz', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('operations', () => {
  it('/healthz answers without touching dependencies', async () => {
    const res = await node.client().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database (and Redis when configured)', async () => {
    const res = await node.client().get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.checks.database).toBe('ok');
    expect(res.body.checks.redis).toBe(node.env.REDIS_URL ? 'ok' : undefined);
  });

  it('/readyz answers 503 in the error shape when Redis is unreachable', async () => {
    const broken = await startTestNode({ db: node.db, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const res = await broken.client().get('/readyz');
      expectError(res, 503, 'unavailable');
      expect(res.body.error.details.checks).toEqual({ database: 'ok', redis: 'down' });
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      await broken.close();
    }
  });

  it('/metrics exposes Prometheus text with request latencies by route and the pool', async () => {
    await node.client().get('/api/v1/me');
    const res = await node.client().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.body).toMatch(
      /swyft_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me",status_code="401"\} \d+/,
    );
    expect(res.body).toContain('swyft_db_pool_connections{state="total"}');
    expect(res.body).toMatch(/^swyft_http_requests_in_flight 1$/m); // this very request
    expect(res.body).toMatch(/^swyft_open_sockets \d+$/m);
    expect(res.body).toContain('swyft_process_resident_memory_bytes');
  });

  it('stops counting a request in flight when its client goes away mid-request', async () => {
    const { user } = await node.createUser('customer');
    const aborted = new AbortController();
    const login = fetch(`${node.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: 'wrong but slow to check' }),
      signal: aborted.signal,
    }).catch(() => undefined);
    const inFlight = async () =>
      Number(/^swyft_http_requests_in_flight (\d+)$/m.exec((await node.client().get('/metrics')).body)?.[1]);
    await expect.poll(inFlight, { timeout: 5_000, interval: 1 }).toBe(2); // the login is being handled
    aborted.abort();
    await login;
    await expect.poll(inFlight, { timeout: 5_000 }).toBe(1); // only the /metrics request itself
  });

  it('serves an OpenAPI 3.1 document built from the contract schemas, and the docs page', async () => {
    const res = await node.client().get('/api-docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/me', '/api/v1/admin/users']),
    );
    const register = res.body.paths['/api/v1/auth/register'].post;
    expect(register.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    expect(Object.keys(register.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
    const page = await node.client().get('/api-docs', { headers: { accept: 'text/html' } });
    expect([200, 302]).toContain(page.status);
  });
});
