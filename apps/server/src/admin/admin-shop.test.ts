import type { AdminStats, Order } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../../test/support/test-client.js';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct, moveOrder } from '../orders/testing/order-factories.js';
import { defaultStore, setStock } from '../stores/testing/store-factories.js';

const { node, admin, partners } = withTestNode({ admins: 1, partners: 1 });
const [partner] = partners;

async function placeAs(
  customer: TestClient,
  options: { priceCents?: number; quantity?: number; address?: string; tipCents?: number; productId?: string } = {},
): Promise<Order> {
  const productId =
    options.productId ?? (await createProduct(admin.client, { priceCents: options.priceCents ?? 300, stock: 50 })).id;
  const res = await customer.post('/api/v1/orders', {
    items: [{ productId, quantity: options.quantity ?? 1 }],
    address: options.address ?? '1 Test Street',
    tipCents: options.tipCents ?? 0,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.order;
}

async function deliver(orderId: string): Promise<void> {
  await moveOrder(partner!.client, orderId, 'accept');
  for (const status of ['preparing', 'picked_up', 'on_the_way', 'delivered']) {
    await moveOrder(admin.client, orderId, 'status', { status });
  }
}

/** Moves an order's placement (and delivery) time, for the period figures. */
async function placedAt(orderId: string, at: string): Promise<void> {
  await node.db.pool.query(
    `UPDATE orders SET created_at = $2, delivered_at = CASE WHEN delivered_at IS NULL THEN NULL ELSE $2::timestamptz + interval '20 minutes' END
     WHERE id = $1`,
    [orderId, at],
  );
}

/** A minimal RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    i += 1;
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i += 1;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && next === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  expect(field).toBe('');
  return records;
}

describe('admin order search, names and CSV export', () => {
  it('finds orders by customer name, email and short id, with the people named', async () => {
    const ada = await node.createUser('customer', { name: 'Ada Searchable', email: `ada.${Date.now()}@example.org` });
    const order = await placeAs(ada.client);
    await moveOrder(partner!.client, order.id, 'accept');
    const find = async (q: string) =>
      (await admin.client.get(`/api/v1/admin/orders?q=${encodeURIComponent(q)}&limit=100`)).body.items as Order[];

    for (const q of ['searchable', 'ADA SEARCH', ada.user.email.slice(0, 10), order.id.slice(0, 8), order.id]) {
      const found = await find(q);
      expect(
        found.map((o) => o.id),
        q,
      ).toEqual([order.id]);
    }
    const [named] = await find(order.id.slice(0, 8).toUpperCase());
    expect(named).toMatchObject({
      customerName: 'Ada Searchable',
      customerEmail: ada.user.email,
      partnerName: partner!.user.name,
    });
    expect(await find('nobody-by-this-name')).toEqual([]);
    // A short id is at least 8 characters: shorter hex is searched as a name only.
    expect((await find(order.id.slice(0, 4))).map((o) => o.id)).not.toContain(order.id);
    // Other filters still apply.
    const withStatus = await admin.client.get(`/api/v1/admin/orders?q=searchable&status=placed`);
    expect(withStatus.body.items).toEqual([]);
  });

  it('exports the filtered orders as RFC 4180 CSV, escaping formulas; an orders:read key may too', async () => {
    const mallory = await node.createUser('customer', { name: '=HYPERLINK("http://evil.example","Click")' });
    const address = '12 "Quoted" Street, Flat 3\nRing twice';
    const order = await placeAs(mallory.client, { priceCents: 420, quantity: 2, tipCents: 100, address });
    const other = await placeAs(mallory.client, { address: '@SUM(1+1)' });

    const res = await admin.client.get(`/api/v1/admin/orders/export?customerId=${mallory.user.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body as string;
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      'id',
      'createdAt',
      'status',
      'customerName',
      'customerEmail',
      'partnerName',
      'store',
      'address',
      'itemsCents',
      'deliveryFeeCents',
      'tipCents',
      'totalCents',
      'paymentMethod',
      'paymentStatus',
    ]);
    expect(rows.map((r) => r[0])).toEqual([other.id, order.id]);
    const row = rows[1]!;
    expect(row[3]).toBe(`'=HYPERLINK("http://evil.example","Click")`);
    expect(row[5]).toBe('');
    expect(row[7]).toBe(address);
    expect(row.slice(8, 14)).toEqual(['840', '0', '100', '940', 'cash_on_delivery', 'pending']);
    expect(rows[0]![7]).toBe("'@SUM(1+1)");
    // The raw text: the formula cell is quoted (it holds quotes and commas), its quotes doubled.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);

    const key = await admin.client.post('/api/v1/admin/api-keys', { name: 'BI', scopes: ['orders:read'] });
    const bi = new TestClient(node.url, { bearer: key.body.secret });
    const byKey = await bi.get(`/api/v1/admin/orders/export?customerId=${mallory.user.id}`);
    expect(byKey.status).toBe(200);
    expect(parseCsv(byKey.body as string)).toHaveLength(3);
    const events = await admin.client.post('/api/v1/admin/api-keys', { name: 'events', scopes: ['events:read'] });
    const wrong = await new TestClient(node.url, { bearer: events.body.secret }).get('/api/v1/admin/orders/export');
    expect(wrong.status).toBe(403);
    expect((await mallory.client.get('/api/v1/admin/orders/export')).status).toBe(403);
    expect((await admin.client.get('/api/v1/admin/orders/export?status=lost')).status).toBe(400);
  });

  it('exports more orders than one page', async () => {
    const many = await node.createUser('customer', { name: 'Many Orders' });
    const product = await createProduct(admin.client, { priceCents: 100, stock: 1000 });
    for (let i = 0; i < 3; i++) await placeAs(many.client, { productId: product.id });
    // Addresses are stored encrypted: the bulk rows share the (encrypted) address of a placed one.
    await node.db.pool.query(
      `INSERT INTO orders (customer_id, status, total_cents, address, payment_method, payment_status, store_id, created_at)
       SELECT $1, 'cancelled', 100, o.address, 'prepaid', 'refunded', o.store_id, now() - make_interval(secs => n)
       FROM (SELECT address, store_id FROM orders WHERE customer_id = $1 LIMIT 1) o, generate_series(1, 1200) n`,
      [many.user.id],
    );
    const res = await admin.client.get(`/api/v1/admin/orders/export?customerId=${many.user.id}`);
    const rows = parseCsv(res.body as string).slice(1);
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r[0])).size).toBe(1203);
  });
});

describe('admin stats for a period', () => {
  it('counts a date range against the period before it, with sales per product and low stock', async () => {
    const shopper = await node.createUser('customer');
    const apples = await createProduct(admin.client, { name: 'Stats apples', priceCents: 200, stock: 100 });
    const pears = await createProduct(admin.client, { name: 'Stats pears', priceCents: 500, stock: 100 });
    const a = await placeAs(shopper.client, { productId: apples.id, quantity: 3, tipCents: 50 });
    const b = await placeAs(shopper.client, { productId: pears.id, quantity: 1 });
    const c = await placeAs(shopper.client, { productId: apples.id, quantity: 1 });
    const d = await placeAs(shopper.client, { productId: pears.id, quantity: 2 });
    await deliver(a.id);
    await deliver(b.id);
    await deliver(d.id);
    await placedAt(a.id, '2021-06-15T08:00:00Z');
    await placedAt(b.id, '2021-06-15T21:59:00Z');
    await placedAt(c.id, '2021-06-15T12:00:00Z');
    await placedAt(d.id, '2021-06-14T12:00:00Z');

    const res = await admin.client.get('/api/v1/admin/stats?from=2021-06-15T00:00:00Z&to=2021-06-16T00:00:00Z');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const stats: AdminStats = res.body;
    expect(stats.period).toEqual({
      from: '2021-06-15T00:00:00.000Z',
      to: '2021-06-16T00:00:00.000Z',
      tz: 'UTC',
      totals: {
        placedOrders: 3,
        deliveredOrders: 2,
        cancelledOrders: 0,
        revenueCents: 650 + 500,
        tipsCents: 50,
        averageOrderCents: 575,
      },
    });
    expect(stats.previous).toMatchObject({
      from: '2021-06-14T00:00:00.000Z',
      to: '2021-06-15T00:00:00.000Z',
      totals: { placedOrders: 1, deliveredOrders: 1, revenueCents: 1000 },
    });
    expect(stats.salesByProduct).toEqual([
      { productId: apples.id, name: 'Stats apples', quantity: 3, revenueCents: 600 },
      { productId: pears.id, name: 'Stats pears', quantity: 1, revenueCents: 500 },
    ]);

    // The same day in Berlin (UTC+2 in June) ends at 22:00 UTC: order b (21:59 UTC) is in, as the caller asks.
    const berlin = await admin.client.get(
      `/api/v1/admin/stats?tz=Europe/Berlin&from=${encodeURIComponent('2021-06-15T00:00:00+02:00')}&to=${encodeURIComponent('2021-06-16T00:00:00+02:00')}`,
    );
    expect(berlin.body.period).toMatchObject({ from: '2021-06-14T22:00:00.000Z', to: '2021-06-15T22:00:00.000Z' });
    expect(berlin.body.period.totals.placedOrders).toBe(3);

    const store = await defaultStore(admin.client);
    await setStock(admin.client, store.id, [{ productId: pears.id, stock: 2 }]);
    const low = (await admin.client.get('/api/v1/admin/stats')).body.lowStock;
    expect(low).toContainEqual({
      storeId: store.id,
      storeName: store.name,
      productId: pears.id,
      productName: 'Stats pears',
      stock: 2,
    });
    expect(low.map((l: { productId: string }) => l.productId)).not.toContain(apples.id);
  });

  it('defaults to today in the given time zone', async () => {
    for (const tz of ['UTC', 'Asia/Kathmandu', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      const res = await admin.client.get(`/api/v1/admin/stats?tz=${encodeURIComponent(tz)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const { from, to } = res.body.period;
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      // Midnight to midnight, local time, today there.
      expect(local.format(new Date(from)), tz).toMatch(/, 00:00$/);
      expect(local.format(new Date(to)), tz).toMatch(/, 00:00$/);
      expect(local.format(new Date(from)).slice(0, 10)).toBe(local.format(new Date()).slice(0, 10));
      expect(Date.parse(from)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(to)).toBeGreaterThan(Date.now());
      expect(res.body.period.tz).toBe(tz);
      expect(Date.parse(res.body.previous.to)).toBe(Date.parse(from));
    }
  });

  it('answers the longest range the API can name', async () => {
    const res = await admin.client.get(
      '/api/v1/admin/stats?from=0001-01-01T00:00:00.000Z&to=9999-12-31T23:59:59.999Z&tz=Asia/Tokyo',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.previous.from).toBe('0001-01-01T00:00:00.000Z');
  });

  it('refuses an unknown zone and a backwards range with 400', async () => {
    for (const query of [
      'tz=Mars/Olympus_Mons',
      'tz=',
      `tz=${encodeURIComponent('+05:00')}`,
      'tz=../etc/passwd',
      'from=2021-06-16T00:00:00Z&to=2021-06-15T00:00:00Z',
      'from=2021-06-15T00:00:00Z&to=2021-06-15T00:00:00Z',
      'from=yesterday',
      `from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`,
    ]) {
      const res = await admin.client.get(`/api/v1/admin/stats?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
