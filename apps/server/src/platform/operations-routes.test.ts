import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { withTestNode } from '../../test/support/test-node.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

describe('GET /metrics with METRICS_TOKEN set', () => {
  const { node } = withTestNode({}, { env: { METRICS_TOKEN } });

  it('answers the scraper that sends the token as a bearer token', async () => {
    const res = await node.client().get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('swyft_http_requests_in_flight');
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer metrics-token-0123456789abcdeX' }],
    ['a prefix of the token', { authorization: `Bearer ${METRICS_TOKEN.slice(0, 10)}` }],
    ['the token without the Bearer scheme', { authorization: METRICS_TOKEN }],
    ['the token as a cookie', { cookie: `access_token=${METRICS_TOKEN}` }],
  ])('refuses %s: 401 in the one error shape', async (_case, headers: Record<string, string>) => {
    const res = await node.client().get('/metrics', { headers });
    expectError(res, 401, 'unauthenticated');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(JSON.stringify(res.body)).not.toContain('swyft_');
  });

  it('leaves /healthz and /readyz open to probes', async () => {
    expect((await node.client().get('/healthz')).status).toBe(200);
    expect((await node.client().get('/readyz')).status).toBe(200);
  });
});
