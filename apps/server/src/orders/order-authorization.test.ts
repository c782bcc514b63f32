import type { Order } from '@swyft/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../test/support/test-client.js';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct, moveOrder, partnerStepBody, placeOrder } from './testing/order-factories.js';

const {
  node,
  admin,
  customers: [owner, strangerCustomer],
  partners: [holder, strangerPartner],
} = withTestNode({ admins: 1, customers: 2, partners: 2 });
let productId: string;

beforeAll(async () => {
  productId = (await createProduct(admin.client, { stock: 1000 })).id;
});

/** An order that `holder` has accepted (and, with `steps`, moved on). */
async function heldOrder(steps: string[] = []): Promise<Order> {
  const order = await placeOrder(owner.client, [{ productId, quantity: 1 }]);
  let current = await moveOrder(holder.client, order.id, 'accept');
  for (const status of steps) {
    current = await moveOrder(holder.client, order.id, 'status', await partnerStepBody(owner.client, order.id, status));
  }
  return current;
}

type Call = (client: TestClient, id: string) => Promise<{ status: number; body: any }>;
const routes: Record<string, Call> = {
  'GET /orders/:id': (c, id) => c.get(`/api/v1/orders/${id}`),
  'GET /orders/:id/events': (c, id) => c.get(`/api/v1/orders/${id}/events`),
  'PATCH /orders/:id/accept': (c, id) => c.patch(`/api/v1/orders/${id}/accept`),
  'PATCH /orders/:id/reject': (c, id) => c.patch(`/api/v1/orders/${id}/reject`),
  'PATCH /orders/:id/status': (c, id) => c.patch(`/api/v1/orders/${id}/status`, { status: 'preparing' }),
  'PATCH /orders/:id/cancel': (c, id) => c.patch(`/api/v1/orders/${id}/cancel`),
};
/** Roles that may never call a route get 403 whatever the order. */
const forbiddenRoles: Record<string, string[]> = {
  'GET /orders/:id': [],
  'GET /orders/:id/events': [],
  'PATCH /orders/:id/accept': ['customer', 'admin'],
  'PATCH /orders/:id/reject': ['customer', 'admin'],
  'PATCH /orders/:id/status': ['customer'],
  'PATCH /orders/:id/cancel': ['partner'],
};

describe('object-level authorization', () => {
  it.each(Object.keys(routes))(
    '%s: 404 for a customer who does not own it and a partner who does not hold it',
    async (route) => {
      const order = await heldOrder(['preparing']);
      const before = (await admin.client.get(`/api/v1/orders/${order.id}`)).body.order;
      for (const [who, user] of [
        ['customer', strangerCustomer],
        ['partner', strangerPartner],
      ] as const) {
        const res = await routes[route]!(user.client, order.id);
        if (forbiddenRoles[route]!.includes(who)) {
          expect(res.status, `${who} ${route}`).toBe(403);
        } else if (route === 'PATCH /orders/:id/accept') {
          // The race rule: taking an order someone else holds is a conflict, whoever asks.
          expect(res.status, `${who} ${route}`).toBe(409);
          expect(res.body.error.code).toBe('already_assigned');
        } else {
          expect(res.status, `${who} ${route}`).toBe(404);
          expect(res.body.error.code).toBe('not_found');
        }
      }
      // Nothing changed, and an unknown id answers exactly like someone else's order.
      expect((await admin.client.get(`/api/v1/orders/${order.id}`)).body.order).toEqual(before);
      const unknown = await routes[route]!(strangerCustomer.client, crypto.randomUUID());
      expect(unknown.status).toBe(forbiddenRoles[route]!.includes('customer') ? 403 : 404);
    },
  );

  it('keeps finished orders from partners who never held them, even for accept', async () => {
    const order = await heldOrder(['picked_up', 'on_the_way', 'delivered']);
    for (const call of Object.values(routes)) {
      const res = await call(strangerPartner.client, order.id);
      expect([403, 404]).toContain(res.status);
    }
    const cancelledOffer = await placeOrder(owner.client, [{ productId, quantity: 1 }]);
    await moveOrder(owner.client, cancelledOffer.id, 'cancel');
    expect((await strangerPartner.client.get(`/api/v1/orders/${cancelledOffer.id}`)).status).toBe(404);
    expect((await strangerPartner.client.patch(`/api/v1/orders/${cancelledOffer.id}/accept`)).status).toBe(404);
  });

  it('lets the owner, the holder and admins see the order; any partner sees an open offer', async () => {
    const order = await heldOrder();
    for (const user of [owner, holder, admin]) {
      expect((await user.client.get(`/api/v1/orders/${order.id}`)).status).toBe(200);
    }
    const offer = await placeOrder(owner.client, [{ productId, quantity: 1 }]);
    expect((await strangerPartner.client.get(`/api/v1/orders/${offer.id}`)).status).toBe(200);
    expect((await strangerCustomer.client.get(`/api/v1/orders/${offer.id}`)).status).toBe(404);
  });

  it('lets the owner cancel but not move their order, and a holder move but not cancel it', async () => {
    const order = await heldOrder();
    expect((await owner.client.patch(`/api/v1/orders/${order.id}/status`, { status: 'preparing' })).status).toBe(403);
    expect((await holder.client.patch(`/api/v1/orders/${order.id}/cancel`)).status).toBe(403);
    const viaStatus = await holder.client.patch(`/api/v1/orders/${order.id}/status`, { status: 'cancelled' });
    expect(viaStatus.status).toBe(409);
    expect(viaStatus.body.error.code).toBe('invalid_transition');
  });

  it('needs a session for every order route, and the right role for the lists', async () => {
    const anonymous = node.client();
    const order = await heldOrder();
    for (const call of Object.values(routes)) expect((await call(anonymous, order.id)).status).toBe(401);
    for (const path of ['/api/v1/orders/my', '/api/v1/orders/unassigned', '/api/v1/orders/assigned']) {
      expect((await anonymous.get(path)).status).toBe(401);
    }
    expect((await holder.client.get('/api/v1/orders/my')).status).toBe(403);
    expect((await owner.client.get('/api/v1/orders/unassigned')).status).toBe(403);
    expect((await owner.client.get('/api/v1/orders/assigned')).status).toBe(403);
    expect((await owner.client.get('/api/v1/admin/orders')).status).toBe(403);
    expect((await holder.client.get('/api/v1/admin/stats')).status).toBe(403);
    expect((await owner.client.get('/api/v1/orders/not-a-uuid')).status).toBe(400);
  });

  it('checks CSRF for cookie sessions on order writes', async () => {
    const browser = await node.loginWithCookies(owner.user.email);
    const body = { items: [{ productId, quantity: 1 }], address: 'x' };
    const refused = await browser.post('/api/v1/orders', body, { omitCsrf: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf_failed');
    expect((await browser.post('/api/v1/orders', body)).status).toBe(201);
  });
});
