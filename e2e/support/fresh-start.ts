import { beforeAll, inject } from 'vitest';
import { DEMO_PASSWORD, demo } from './browser.js';

const ACTIVE = ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way'];

/**
 * Every e2e file starts with no active order: the files share one server, and an order one file left
 * placed (an offer every partner sees) or held (a delivery on the demo partner's screen) would change what
 * the next file's screens show. The demo admin cancels them through the API, as an operator would.
 */
beforeAll(async () => {
  const base = `${inject('e2eBaseUrl')}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demo.admin, password: DEMO_PASSWORD, client: 'token' }),
  });
  if (!login.ok) throw new Error(`e2e fresh start: admin login ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  for (const status of ACTIVE) {
    for (let pass = 0; pass < 10; pass++) {
      const page = await fetch(`${base}/admin/orders?status=${status}&limit=100`, { headers: auth });
      const { items } = (await page.json()) as { items: { id: string }[] };
      for (const { id } of items) {
        const cancelled = await fetch(`${base}/orders/${id}/cancel`, { method: 'PATCH', headers: auth });
        // 409: it moved on meanwhile (a test's background work); the next listing shows where it is.
        if (!cancelled.ok && cancelled.status !== 409)
          throw new Error(`e2e fresh start: cancel ${id}: ${cancelled.status} ${await cancelled.text()}`);
      }
      if (items.length < 100) break;
    }
  }
});
