import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { withTestNode } from '../../test/support/test-node.js';
import { writeWebDist } from '../../test/support/web-dist.js';

/** The built web app is served on the API's origin, with client-side routes answered by index.html. */
let dist: string;
const { node } = withTestNode({}, () => {
  dist = writeWebDist({
    'index.html': '<!doctype html><title>Swyft</title><script src="/assets/app-1a2b.js"></script>',
    'assets/app-1a2b.js': 'console.log("v1")',
  });
  return { env: { WEB_DIST_DIR: dist } };
});

const page = (p: string) => node.client().get(p, { headers: { accept: 'text/html,application/xhtml+xml' } });

describe('the web app', () => {
  it('serves the page at / and at every client-side route, always revalidated', async () => {
    for (const route of ['/', '/shop', '/orders/42', '/admin/board']) {
      const res = await page(route);
      expect(res.status, route).toBe(200);
      expect(res.body).toContain('<title>Swyft</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable, and a missing asset as a 404', async () => {
    const asset = await node.client().get('/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectError(await node.client().get('/assets/app-0000.js'), 404, 'not_found');
  });

  it('serves a rebuilt app without a restart', async () => {
    writeFileSync(path.join(dist, 'assets', 'app-3c4d.js'), 'console.log("v2")');
    expect((await node.client().get('/assets/app-3c4d.js')).body).toContain('v2');
  });

  it('never answers an API or socket path with the page', async () => {
    expectError(await page('/api/v1/nothing'), 404, 'not_found');
    expectError(await page('/api/nothing'), 404, 'not_found');
  });
});
