import type { AdminStats, Order } from '@swyft/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct, moveOrder, partnerStepBody, placeOrder } from '../orders/testing/order-factories.js';

const { node, admin, customers, partners } = withTestNode({ admins: 1, customers: 2, partners: 2 });
const placed: Order[] = [];

/**
 * Eight orders: two customers, two partners, every status but preparing, placed at known times (moved back
 * in the database, as orders placed earlier would be).
 */
beforeAll(async () => {
  const product = await createProduct(admin.client, { stock: 1000, priceCents: 500 });
  for (let i = 0; i < 8; i++) {
    placed.push(await placeOrder(customers[i % 2]!.client, [{ productId: product.id, quantity: 1 + i }]));
  }
  const [p0, p1] = partners.map((p) => p.client);
  // 0, 1, 2: delivered (by p0, p0, p1); 3: on the way (p1); 4: accepted (p0); 5: cancelled; 6, 7: placed.
  for (const [index, client] of [
    [0, p0],
    [1, p0],
    [2, p1],
  ] as const) {
    await moveOrder(client!, placed[index]!.id, 'accept');
    for (const status of ['picked_up', 'on_the_way', 'delivered']) {
      const customer = customers[index % 2]!.client;
      await moveOrder(client!, placed[index]!.id, 'status', await partnerStepBody(customer, placed[index]!.id, status));
    }
  }
  await moveOrder(p1!, placed[3]!.id, 'accept');
  await moveOrder(p1!, placed[3]!.id, 'status', { status: 'picked_up' });
  await moveOrder(p1!, placed[3]!.id, 'status', { status: 'on_the_way' });
  await moveOrder(p0!, placed[4]!.id, 'accept');
  await moveOrder(customers[1]!.client, placed[5]!.id, 'cancel');
  // Placement times, as if placed earlier: order 6 three hours ago, the others within the last hour.
  // The three deliveries happened just now and took 10, 20 and 30 minutes.
  const minutesAgo = [10, 20, 30, 35, 40, 50, 180, 5];
  await node.db.pool.query(
    `UPDATE orders o SET created_at = now() - make_interval(mins => v.mins),
       delivered_at = CASE WHEN o.delivered_at IS NULL THEN NULL ELSE now() END
     FROM unnest($1::uuid[], $2::int[]) AS v(id, mins) WHERE o.id = v.id`,
    [placed.map((o) => o.id), minutesAgo],
  );
  // A partner online and one offline (the real-time gateway keeps this table).
  await node.db.pool.query(
    `INSERT INTO partner_presence (partner_id, online) VALUES ($1, true), ($2, false)
     ON CONFLICT (partner_id) DO UPDATE SET online = EXCLUDED.online`,
    [partners[0]!.user.id, partners[1]!.user.id],
  );
});

const listAll = async (query: string, limit = 3): Promise<Order[]> => {
  const items: Order[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Order[]; nextCursor: string | null } } = await admin.client.get(
      `/api/v1/admin/orders?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
};
const byCreatedDesc = (orders: Order[]) =>
  [...orders].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (b.id < a.id ? -1 : 1));

describe('GET /admin/orders', () => {
  it('lists every order newest first, page by page, as GET /orders/:id shows them', async () => {
    const all = await listAll('');
    expect(all).toHaveLength(8);
    const fresh = await Promise.all(
      placed.map(async (o) => (await admin.client.get(`/api/v1/orders/${o.id}`)).body.order as Order),
    );
    expect(all).toEqual(byCreatedDesc(fresh));
  });

  it('filters by status, partner, customer and placement time, alone and together', async () => {
    const ids = (orders: Order[]) => orders.map((o) => o.id).sort();
    const pick = (...indexes: number[]) => indexes.map((i) => placed[i]!.id).sort();
    expect(ids(await listAll('status=delivered'))).toEqual(pick(0, 1, 2));
    expect(ids(await listAll('status=placed'))).toEqual(pick(6, 7));
    expect(ids(await listAll(`partnerId=${partners[0]!.user.id}`))).toEqual(pick(0, 1, 4));
    expect(ids(await listAll(`customerId=${customers[1]!.user.id}`))).toEqual(pick(1, 3, 5, 7));
    expect(ids(await listAll(`customerId=${customers[0]!.user.id}&status=delivered`))).toEqual(pick(0, 2));

    // from inclusive, to exclusive: orders placed between 55 and 37 minutes ago are 4 (40) and 5 (50).
    const from = new Date(Date.now() - 55 * 60_000).toISOString();
    const to = new Date(Date.now() - 37 * 60_000).toISOString();
    expect(ids(await listAll(`from=${from}&to=${to}`))).toEqual(pick(4, 5));
    const exact = placed[4]!.id;
    const at = (await admin.client.get(`/api/v1/orders/${exact}`)).body.order.createdAt;
    expect(ids(await listAll(`from=${at}&to=${at}`))).toEqual([]);
    expect(ids(await listAll(`from=${at}&to=${new Date(Date.parse(at) + 1).toISOString()}`))).toEqual([exact]);
  });

  it('refuses bad filters with 400 and non-admins with 403', async () => {
    for (const query of ['status=shipped', 'partnerId=nope', 'from=yesterday', 'limit=-1', 'cursor=abc', 'sort=id']) {
      expect((await admin.client.get(`/api/v1/admin/orders?${query}`)).status, query).toBe(400);
    }
    const backwards = await admin.client.get(
      `/api/v1/admin/orders?from=${new Date().toISOString()}&to=${new Date(Date.now() - 1000).toISOString()}`,
    );
    expect(backwards.status).toBe(400);
    expect((await customers[0]!.client.get('/api/v1/admin/orders')).status).toBe(403);
    expect((await partners[0]!.client.get('/api/v1/admin/orders')).status).toBe(403);
    expect((await node.client().get('/api/v1/admin/orders')).status).toBe(401);
  });
});

describe('GET /admin/stats', () => {
  it('answers the live figures', async () => {
    const res = await admin.client.get('/api/v1/admin/stats');
    expect(res.status).toBe(200);
    const stats: AdminStats = res.body;
    expect(stats.ordersByStatus).toEqual({
      placed: 2,
      accepted: 1,
      preparing: 0,
      picked_up: 0,
      on_the_way: 1,
      delivered: 3,
      cancelled: 1,
    });

    // 60 minutes, oldest first, ending with the current one; order 6 (three hours ago) is outside.
    expect(stats.ordersPerMinute).toHaveLength(60);
    const minutes = stats.ordersPerMinute.map((m) => Date.parse(m.minute));
    expect(minutes.every((m, i) => i === 0 || m - minutes[i - 1]! === 60_000)).toBe(true);
    expect(Date.now() - minutes.at(-1)!).toBeLessThan(120_000);
    const { rows } = await node.db.pool.query<{ created_at: Date }>(
      'SELECT created_at FROM orders WHERE id = ANY($1::uuid[])',
      [placed.map((o) => o.id)],
    );
    const inWindow = rows.filter((r) => r.created_at.getTime() >= minutes[0]!).length;
    expect(inWindow).toBe(7);
    expect(stats.ordersPerMinute.reduce((sum, m) => sum + m.count, 0)).toBe(inWindow);
    for (const row of rows.filter((r) => r.created_at.getTime() >= minutes[0]!)) {
      const bucket = Math.floor(row.created_at.getTime() / 60_000) * 60_000;
      expect(stats.ordersPerMinute.find((m) => Date.parse(m.minute) === bucket)?.count).toBeGreaterThan(0);
    }

    // Deliveries took 10, 20 and 30 minutes: median 20, p90 28 (interpolated).
    expect(stats.deliveryTime).toEqual({ windowHours: 24, deliveredOrders: 3, medianSeconds: 1200, p90Seconds: 1680 });
    // Partner 0 is online; partner 0 holds order 4 and partner 1 order 3.
    expect(stats.partners).toEqual({ online: 1, busy: 2 });
    // Delivered today: orders 0, 1, 2 at 5, 10 and 15 € (500 cents × quantity 1, 2, 3).
    expect(stats.revenueToday.deliveredOrders).toBe(3);
    expect(stats.revenueToday.totalCents).toBe(500 * (1 + 2 + 3));
    expect(stats.revenueToday.since).toBe(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
  });

  it('is for admins only', async () => {
    expect((await customers[0]!.client.get('/api/v1/admin/stats')).status).toBe(403);
    expect((await node.client().get('/api/v1/admin/stats')).status).toBe(401);
  });
});
