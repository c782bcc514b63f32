import type { EventHealth, EventStats, SwyftEvent } from '@swyft/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode, type TestUser } from '../../test/support/test-node.js';
import { createProduct, moveOrder, placeOrder } from '../orders/testing/order-factories.js';
import { connectListener, waitUntil } from '../realtime/testing/socket-clients.js';

let node: TestNode;
let admin: TestUser;
let customer: TestUser;
let partner: TestUser;
let orderId: string;

beforeAll(async () => {
  node = await startTestNode();
  admin = await node.createUser('admin');
  customer = await node.createUser('customer');
  partner = await node.createUser('partner');
  const product = await createProduct(admin.client, { stock: 10 });
  const order = await placeOrder(customer.client, [{ productId: product.id, quantity: 1 }]);
  await placeOrder(customer.client, [{ productId: product.id, quantity: 1 }]);
  await moveOrder(partner.client, order.id, 'accept');
  orderId = order.id;
  await waitUntil(async () => (await admin.client.get('/api/v1/events/health')).body.undelivered === 0);
});
afterAll(() => node?.close());

describe('access', () => {
  it('is for admins only', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/events'],
      ['GET', '/api/v1/events/stats'],
      ['GET', '/api/v1/events/health'],
      ['POST', '/api/v1/events/replay'],
    ] as const) {
      const body = method === 'POST' ? { body: { fromSeq: 1, toSeq: 1 } } : {};
      expect((await node.client().request(method, path, body)).status, path).toBe(401);
      expect((await customer.client.request(method, path, body)).status, path).toBe(403);
      expect((await partner.client.request(method, path, body)).status, path).toBe(403);
    }
  });
});

describe('GET /events', () => {
  it('lists the log oldest first, page by page, after a seq, by type and by order', async () => {
    const all = (await admin.client.get('/api/v1/events?limit=100')).body.items as SwyftEvent[];
    expect(all.map((e) => e.type)).toEqual([
      'product.created',
      'stock.updated',
      'order.placed',
      'order.placed',
      'order.accepted',
    ]);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all[4]).not.toHaveProperty('audienceUserIds');

    const first = await admin.client.get('/api/v1/events?limit=3');
    expect(first.body.items.map((e: SwyftEvent) => e.seq)).toEqual([1, 2, 3]);
    const second = await admin.client.get(`/api/v1/events?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: SwyftEvent) => e.seq)).toEqual([4, 5]);
    expect(second.body.nextCursor).toBeNull();

    const after = await admin.client.get('/api/v1/events?after=2');
    expect(after.body.items.map((e: SwyftEvent) => e.seq)).toEqual([3, 4, 5]);
    const placed = await admin.client.get('/api/v1/events?type=order.placed');
    expect(placed.body.items.map((e: SwyftEvent) => e.seq)).toEqual([3, 4]);
    const ofOrder = await admin.client.get(`/api/v1/events?orderId=${orderId}`);
    expect(ofOrder.body.items.map((e: SwyftEvent) => e.type)).toEqual(['order.placed', 'order.accepted']);

    expect((await admin.client.get('/api/v1/events?type=nope')).status).toBe(400);
    expect((await admin.client.get('/api/v1/events?cursor=bogus')).status).toBe(400);
  });
});

describe('stats and health', () => {
  it('counts by type, per minute, and measures the dispatch lag', async () => {
    const res = await admin.client.get<EventStats>('/api/v1/events/stats');
    expect(res.status).toBe(200);
    expect(res.body.countsByType).toMatchObject({ 'order.placed': 2, 'order.accepted': 1, 'user.disabled': 0 });
    expect(res.body.eventsPerMinute).toHaveLength(60);
    expect(res.body.eventsPerMinute.reduce((sum, m) => sum + m.count, 0)).toBe(5);
    expect(res.body.deliveryLag.events).toBe(5);
    expect(res.body.deliveryLag.p99Ms).toBeGreaterThanOrEqual(0);
  });

  it('reports the end of the log, the backlog and this node', async () => {
    const res = await admin.client.get<EventHealth>('/api/v1/events/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      lastSeq: 5,
      undelivered: 0,
      oldestUndeliveredAgeSeconds: null,
      node: { isSequencer: true, lastDeliveredSeq: 5, openSockets: 0 },
      webhooks: { enabledEndpoints: 0, backlog: 0, oldestPendingAgeSeconds: null },
    });
  });
});

describe('POST /events/replay', () => {
  it('re-sends a range, marked replayed, to the live connections that may see it', async () => {
    const adminSocket = await connectListener(node.url, { token: admin.token });
    const customerSocket = await connectListener(node.url, { token: customer.token });
    const partnerSocket = await connectListener(node.url, { token: partner.token });
    const res = await admin.client.post('/api/v1/events/replay', { fromSeq: 1, toSeq: 4 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ replayed: 4 });
    await waitUntil(() => adminSocket.events.length === 4 && customerSocket.events.length === 2);
    expect(adminSocket.events.map((e) => [e.seq, e.replayed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
    ]);
    expect(customerSocket.seqs()).toEqual([3, 4]);
    // The partner is offline (no offers) and was assigned only by seq 5.
    expect(partnerSocket.events).toEqual([]);

    const metrics = await node.client().get('/metrics');
    expect(metrics.body).toMatch(/swyft_open_sockets 3/);
    expect(metrics.body).toMatch(/swyft_events_dispatched_total [1-9]/);
    for (const l of [adminSocket, customerSocket, partnerSocket]) l.close();

    expect((await admin.client.post('/api/v1/events/replay', { fromSeq: 3, toSeq: 2 })).status).toBe(400);
    expect((await admin.client.post('/api/v1/events/replay', { fromSeq: 1, toSeq: 1_000_000 })).status).toBe(400);
    expect((await admin.client.post('/api/v1/events/replay', { fromSeq: 1 })).status).toBe(400);
  });
});
