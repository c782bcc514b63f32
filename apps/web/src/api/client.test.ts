import * as contract from '@swyft/contract';
import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, type SessionLossReason } from './client';
import { CSRF_COOKIE, CSRF_HEADER } from './session-names';

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
const refused = (status: number, code: string) =>
  json(status, { error: { code, message: code, details: {}, requestId: 'r1' } });

/** A fake server: `answer` decides each response; every call is recorded. */
function harness(answer: (call: Call, calls: Call[]) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const losses: SessionLossReason[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      method: init?.method ?? 'GET',
      path: String(input),
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    return answer(call, calls);
  }) as unknown as typeof globalThis.fetch;
  const client = new ApiClient({ fetch, readCookie: (name) => (name === CSRF_COOKIE ? 'csrf-123' : undefined) });
  client.onSessionLost((reason) => losses.push(reason));
  return { client, calls, losses };
}

describe('ApiClient session refresh', () => {
  it('answers a 401 with exactly one refresh and one retry', async () => {
    let expired = true;
    const { client, calls } = harness((call) => {
      if (call.path === '/api/v1/auth/refresh') {
        expired = false;
        return json(200, { user: {} });
      }
      return expired ? refused(401, 'unauthenticated') : json(200, { user: { id: 'u1' } });
    });
    await expect(client.get('/me')).resolves.toEqual({ user: { id: 'u1' } });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v1/me',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/me',
    ]);
  });

  it('shares one refresh between requests that fail together', async () => {
    let expired = true;
    let release!: () => void;
    const refreshed = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { client, calls } = harness(async (call) => {
      if (call.path === '/api/v1/auth/refresh') {
        await refreshed;
        expired = false;
        return json(200, {});
      }
      return expired ? refused(401, 'unauthenticated') : json(200, { ok: call.path });
    });
    const all = Promise.all([client.get('/a'), client.get('/b'), client.post('/c', { x: 1 })]);
    await vi.waitFor(() => expect(calls.filter((c) => c.path.endsWith('/auth/refresh'))).toHaveLength(1));
    release();
    await expect(all).resolves.toEqual([{ ok: '/api/v1/a' }, { ok: '/api/v1/b' }, { ok: '/api/v1/c' }]);
    expect(calls.filter((c) => c.path.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(calls).toHaveLength(7);
  });

  it('gives up after one retry and reports the session lost once', async () => {
    const { client, calls, losses } = harness((call) =>
      call.path.endsWith('/auth/refresh') ? json(200, {}) : refused(401, 'unauthenticated'),
    );
    await expect(client.get('/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(calls).toHaveLength(3);
    expect(losses).toEqual(['expired']);
  });

  it('reports an expired session when the refresh itself is refused, without retrying', async () => {
    const { client, calls, losses } = harness(() => refused(401, 'unauthenticated'));
    await expect(client.get('/orders/my')).rejects.toBeInstanceOf(ApiError);
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/orders/my', '/api/v1/auth/refresh']);
    expect(losses).toEqual(['expired']);
  });

  it('reports a disabled account (403 account_disabled) from any request or from the refresh', async () => {
    const direct = harness(() => refused(403, 'account_disabled'));
    await expect(direct.client.get('/products')).rejects.toMatchObject({ code: 'account_disabled' });
    expect(direct.losses).toEqual(['disabled']);
    expect(direct.calls).toHaveLength(1);

    const viaRefresh = harness((call) =>
      call.path.endsWith('/auth/refresh') ? refused(403, 'account_disabled') : refused(401, 'unauthenticated'),
    );
    await expect(viaRefresh.client.get('/me')).rejects.toMatchObject({ status: 401 });
    expect(viaRefresh.losses).toEqual(['disabled']);
  });

  it('never refreshes for login, register or refresh themselves', async () => {
    const { client, calls, losses } = harness(() => refused(401, 'unauthenticated'));
    await expect(client.post('/auth/login', { email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ status: 401 });
    expect(calls).toHaveLength(1);
    expect(losses).toEqual([]);
  });
});

describe('ApiClient requests', () => {
  it('echoes the CSRF cookie on unsafe requests only', async () => {
    const { client, calls } = harness(() => json(200, {}));
    await client.get('/products', { query: { q: 'milk', cursor: undefined, limit: 5 } });
    await client.patch('/orders/1/accept');
    await client.post('/orders', { items: [] }, { headers: { 'idempotency-key': 'k1' } });
    expect(calls[0]!.path).toBe('/api/v1/products?q=milk&limit=5');
    expect(calls[0]!.headers[CSRF_HEADER]).toBeUndefined();
    expect(calls[1]!.headers[CSRF_HEADER]).toBe('csrf-123');
    expect(calls[1]!.headers['content-type']).toBeUndefined();
    expect(calls[2]!.headers).toMatchObject({
      [CSRF_HEADER]: 'csrf-123',
      'idempotency-key': 'k1',
      'content-type': 'application/json',
    });
    expect(calls[2]!.body).toEqual({ items: [] });
  });

  it('reads the one error shape, and names a network failure', async () => {
    const { client } = harness(() =>
      json(409, {
        error: { code: 'insufficient_stock', message: 'Not enough', details: { lines: [] }, requestId: 'req-9' },
      }),
    );
    const error = await client.post('/orders', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 409,
      code: 'insufficient_stock',
      details: { lines: [] },
      requestId: 'req-9',
    });

    const offline = new ApiClient({ fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    await expect(offline.get('/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('answers 204 with nothing', async () => {
    const { client } = harness(() => new Response(null, { status: 204 }));
    await expect(client.post('/auth/logout')).resolves.toBeUndefined();
  });

  it('uses the contract’s cookie and header names', () => {
    expect(CSRF_COOKIE).toBe(contract.CSRF_COOKIE);
    expect(CSRF_HEADER).toBe(contract.CSRF_HEADER);
  });
});
