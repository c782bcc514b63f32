import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { RawConnection, rawExchange } from '../../test/support/raw-http.js';
import { startTestNode, withTestNode } from '../../test/support/test-node.js';
import { writeWebDist } from '../../test/support/web-dist.js';

/**
 * What Fastify and Node answer by themselves (the router's refusals, requests the HTTP parser cannot read,
 * requests that arrive while the node closes) is in the one error shape too, with contract codes only.
 * The node serves a built web app, as in production: its catch-all route changes how odd paths match.
 */
const { node } = withTestNode({}, () => ({
  env: {
    WEB_DIST_DIR: writeWebDist({
      'index.html': '<!doctype html><title>Swyft</title>',
      'assets/app.js': 'console.log(1)',
    }),
  },
}));

function expectShape(response: { status: number; body: any; headers: Headers }, status: number, code: string) {
  expectError(response, status, code);
  expect(response.headers.get('x-request-id')).toBe(response.body.error.requestId);
}

describe('the router', () => {
  it.each([
    '/api/v1/orders/%ZZ',
    '/api/v1/orders/%ED%A0%80',
    '/api/v1/products/%',
    '/%ZZ',
    '/api-docs/%C0%AF',
    '/assets/%ZZ.js',
  ])('answers a path that is not valid percent-encoding (%s) with 400 validation_failed', async (url) => {
    const { client } = await node.createUser('admin');
    expectShape(await client.get(url), 400, 'validation_failed');
    expectShape(await client.request('PATCH', url), 400, 'validation_failed');
  });

  it('answers an id of any length with 400 naming the field, on every route that takes one', async () => {
    const { client } = await node.createUser('admin');
    for (const url of [
      `/api/v1/orders/${'a'.repeat(201)}`,
      `/api/v1/orders/${'a'.repeat(5000)}/events`,
      `/api/v1/products/${'a'.repeat(250)}`,
      `/api/v1/admin/users/${'a'.repeat(250)}/disable`,
    ]) {
      const res = await client.request(url.endsWith('disable') ? 'PATCH' : 'GET', url);
      expectShape(res, 400, 'validation_failed');
      expect(res.body.error.details.fields, url.slice(0, 40)).toEqual([
        { path: 'params.id', message: expect.any(String) },
      ]);
    }
  });

  it('answers unknown paths and methods under the API with 404 not_found', async () => {
    expectShape(await node.client().request('PROPFIND', '/api/v1/me'), 404, 'not_found');
    expectShape(await node.client().get(`/api/v1/${'x'.repeat(5000)}`), 404, 'not_found');
  });
});

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['a header line without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'],
    ['U+0000 in a header value', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Name: a\u0000b\r\n\r\n'],
    ['an unknown method', 'BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a space in the path', 'GET /api/v1/me me HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['headers over 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`],
    [
      'two content lengths',
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    ],
  ])('answers %s with 400 validation_failed in the one shape', async (_, request) => {
    const [response, ...more] = await rawExchange(node.url, request);
    expect(more).toEqual([]);
    expect(response?.status).toBe(400);
    expect(response?.headers['content-type']).toMatch(/^application\/json/);
    expect(response?.body).toEqual({
      error: { code: 'validation_failed', message: expect.any(String), details: {}, requestId: expect.any(String) },
    });
    expect(response?.headers['x-request-id']).toBe(response?.body.error.requestId);
  });
});

describe('a node that is closing', () => {
  it('answers a request that still arrives with 503 unavailable, retry-after, in the one shape', async () => {
    const closing = await startTestNode({ db: node.db });
    const connection = new RawConnection(closing.url);
    // A request in flight (its body not sent yet) keeps this connection open while the node closes.
    await connection.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n',
    );
    const inFlight = async () => (await closing.node.ctx.metrics.requestsInFlight.get()).values[0]?.value;
    await expect.poll(inFlight).toBe(1);
    const closed = closing.close();
    // The listening socket closes once the node has begun to close: from then on, requests are refused.
    await expect.poll(() => closing.node.app.server.listening, { timeout: 10_000 }).toBe(false);
    await connection.write('{}GET /api/v1/products HTTP/1.1\r\nHost: x\r\n\r\n');
    const [login, late] = await connection.responsesUntilClosed();
    await closed;
    expect(login?.status).toBe(400); // the request in flight is answered as usual
    expect(late?.status).toBe(503);
    expect(late?.headers['retry-after']).toBe('1');
    expect(late?.headers['x-request-id']).toBe(late?.body.error.requestId);
    expect(late?.body).toEqual({
      error: { code: 'unavailable', message: expect.any(String), details: {}, requestId: expect.any(String) },
    });
  });
});
