import type { DeliveryArea, Location, Order, Store } from '@swyft/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct, moveOrder } from '../orders/testing/order-factories.js';
import { distanceMeters } from './geometry.js';
import { createStore, defaultStore, setStock, squareArea, squareRing } from './testing/store-factories.js';

const { node, admin, customers, partner } = withTestNode({ admins: 1, customers: 2, partners: 1 });
const [customer, otherCustomer] = customers;

// A city of stores (see each point's comment for who serves it):
//   A at 52.52, 13.40: a square ±0.04° with a hole ±0.005° around 52.54, 13.40
//   B at 52.50, 13.45: a square ±0.04°, overlapping A's east
//   C: a MultiPolygon of two small squares, far apart
//   D: closed, its area covering the whole city
// The default store (the oldest) is moved to Hamburg with a small area, so it serves none of these points.
const A: Location = { lat: 52.52, lng: 13.4 };
const B: Location = { lat: 52.5, lng: 13.45 };
const HOLE: Location = { lat: 52.54, lng: 13.4 };
const IN_BOTH_NEARER_A: Location = { lat: 52.515, lng: 13.415 };
const IN_BOTH_NEARER_B: Location = { lat: 52.49, lng: 13.438 };
const IN_A_NEAR_HOLE: Location = { lat: 52.55, lng: 13.4 };
const IN_C_SECOND_POLYGON: Location = { lat: 52.45, lng: 13.55 };
const NOWHERE: Location = { lat: 52.3, lng: 13.4 };
const ONLY_D: Location = { lat: 52.7, lng: 13.4 };

const stores = {} as Record<'A' | 'B' | 'C' | 'D' | 'main', Store>;
let productId: string;

const quote = (point: Location) => node.client().get(`/api/v1/delivery-quote?lat=${point.lat}&lng=${point.lng}`);
const order = (client = customer!.client, body: Record<string, unknown> = {}) =>
  client.post('/api/v1/orders', { items: [{ productId, quantity: 1 }], address: '1 Test Street', ...body });
const stockAt = async (storeId: string) =>
  (await admin.client.get(`/api/v1/products/${productId}?storeId=${storeId}`)).body.product.stock as number;

beforeAll(async () => {
  stores.main = await defaultStore(admin.client);
  const hamburg = { lat: 53.55, lng: 10.0 };
  await admin.client.patch(`/api/v1/stores/${stores.main.id}`, {
    location: hamburg,
    deliveryArea: squareArea(hamburg, 0.01),
  });
  const areaA: DeliveryArea = {
    type: 'Polygon',
    coordinates: [squareRing(A, 0.04), squareRing(HOLE, 0.005).reverse()],
  };
  stores.A = await createStore(admin.client, { name: 'A', location: A, deliveryArea: areaA, prepMinutes: 8 });
  stores.B = await createStore(admin.client, {
    name: 'B',
    location: B,
    deliveryArea: squareArea(B, 0.04),
    prepMinutes: 5,
  });
  stores.C = await createStore(admin.client, {
    name: 'C',
    location: { lat: 52.6, lng: 13.3 },
    deliveryArea: {
      type: 'MultiPolygon',
      coordinates: [[squareRing({ lat: 52.6, lng: 13.3 }, 0.01)], [squareRing(IN_C_SECOND_POLYGON, 0.01)]],
    },
  });
  stores.D = await createStore(admin.client, { name: 'D', location: ONLY_D, deliveryArea: squareArea(A, 0.5) });
  await admin.client.patch(`/api/v1/stores/${stores.D.id}`, { active: false });
  productId = (await createProduct(admin.client, { stock: 0 })).id;
  for (const store of [stores.A, stores.B, stores.C, stores.D])
    await setStock(admin.client, store.id, [{ productId, stock: 1000 }]);
});

describe('the estimate', () => {
  it('uses DELIVERY_SPEED_KMH until a store has 20 deliveries, then its median speed', async () => {
    // 20 rides from B, each 10 minutes from pick-up to the door, at a known distance: 30 km/h along the streets.
    const door = { lat: B.lat + 0.02, lng: B.lng };
    const streetKm = (distanceMeters(B, door) * 1.3) / 1000;
    const rideSeconds = (streetKm / 30) * 3600;
    for (let i = 0; i < 20; i++) {
      await node.db.pool.query(
        `WITH o AS (
           INSERT INTO orders (customer_id, partner_id, status, total_cents, address, payment_method, payment_status,
                               store_id, destination_lat, destination_lng, delivered_at)
           VALUES ($1, $2, 'delivered', 0, 'x', 'prepaid', 'paid', $3, $4, $5, now())
           RETURNING id, delivered_at
         )
         INSERT INTO order_timeline (order_id, position, status, at, actor_id, actor_role)
         SELECT id, 0, 'picked_up', delivered_at - make_interval(secs => $6), $2, 'partner' FROM o
         UNION ALL SELECT id, 1, 'delivered', delivered_at, $2, 'partner' FROM o`,
        [customer!.user.id, partner.user.id, stores.B.id, door.lat, door.lng, i === 0 ? rideSeconds * 3 : rideSeconds],
      );
    }
    const res = await quote(IN_BOTH_NEARER_B);
    expect(res.status).toBe(200);
    const meters = distanceMeters(B, IN_BOTH_NEARER_B);
    expect(res.body).toEqual({
      store: stores.B,
      distanceMeters: Math.round(meters),
      etaMinutes: Math.ceil(5 + ((meters * 1.3) / 1000 / 30) * 60),
      // The store's fees, beside it (second wave): the defaults here.
      deliveryFeeCents: 0,
      freeDeliveryFromCents: null,
      minOrderCents: 0,
    });
    // A has no deliveries: the configured 18 km/h.
    const nearA = distanceMeters(A, IN_BOTH_NEARER_A);
    expect((await quote(IN_BOTH_NEARER_A)).body.etaMinutes).toBe(Math.ceil(8 + ((nearA * 1.3) / 1000 / 18) * 60));
  });
});

describe('which store serves a point', () => {
  it('is the nearest of the stores whose areas overlap there', async () => {
    expect((await quote(IN_BOTH_NEARER_A)).body.store.id).toBe(stores.A.id);
    expect((await quote(IN_BOTH_NEARER_B)).body.store.id).toBe(stores.B.id);
  });

  it('is not a store whose area has a hole there', async () => {
    expectError(await quote(HOLE), 422, 'outside_delivery_area');
    expect((await quote(IN_A_NEAR_HOLE)).body.store.id).toBe(stores.A.id);
  });

  it('is a MultiPolygon store in any of its polygons', async () => {
    expect((await quote(IN_C_SECOND_POLYGON)).body.store.id).toBe(stores.C.id);
  });

  it('is never a closed store, and no store far away', async () => {
    const outside = await quote(ONLY_D);
    expectError(outside, 422, 'outside_delivery_area');
    expect(outside.body.error.details).toEqual({ location: ONLY_D });
    expectError(await quote(NOWHERE), 422, 'outside_delivery_area');
    // Open D and it serves both (nearest first); close it again.
    await admin.client.patch(`/api/v1/stores/${stores.D.id}`, { active: true });
    expect((await quote(ONLY_D)).body.store.id).toBe(stores.D.id);
    expect((await quote(NOWHERE)).body.store.id).toBe(stores.D.id);
    await admin.client.patch(`/api/v1/stores/${stores.D.id}`, { active: false });
    expectError(await quote(ONLY_D), 422, 'outside_delivery_area');
  });

  it('answers 400 for a point off the globe', async () => {
    expectError(await node.client().get('/api/v1/delivery-quote?lat=91&lng=0'), 400, 'validation_failed');
    expectError(await node.client().get('/api/v1/delivery-quote?lat=1'), 400, 'validation_failed');
  });
});

describe('placing an order with a location', () => {
  it('is served by the nearest serving store, which gives the stock, and carries store, destination and eta', async () => {
    const before = { A: await stockAt(stores.A.id), B: await stockAt(stores.B.id) };
    const res = await order(customer!.client, { location: IN_BOTH_NEARER_A });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const placed: Order = res.body.order;
    const minutes = (await quote(IN_BOTH_NEARER_A)).body.etaMinutes;
    expect(placed).toMatchObject({
      store: { id: stores.A.id, name: 'A', location: A },
      destination: IN_BOTH_NEARER_A,
      eta: { minutes, basis: 'estimate', positionAt: null },
    });
    expect(Date.parse(placed.eta!.deliverBy) - Date.parse(placed.createdAt)).toBe(minutes * 60_000);
    // The customer's own view adds only the handover code.
    expect({
      ...(await customer!.client.get(`/api/v1/orders/${placed.id}`)).body.order,
      handoverCode: undefined,
    }).toEqual(placed);
    expect(await stockAt(stores.A.id)).toBe(before.A - 1);
    expect(await stockAt(stores.B.id)).toBe(before.B);

    // Cancelled: the unit goes back to A, and the estimate ends.
    const cancelled = await moveOrder(customer!.client, placed.id, 'cancel');
    expect(cancelled.eta).toBeNull();
    expect(cancelled.store.id).toBe(stores.A.id);
    expect(await stockAt(stores.A.id)).toBe(before.A);
  });

  it('takes a named store that serves the point, and refuses one that does not', async () => {
    const res = await order(customer!.client, { location: IN_BOTH_NEARER_A, storeId: stores.B.id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.order.store.id).toBe(stores.B.id);
    expectError(
      await order(customer!.client, { location: IN_BOTH_NEARER_A, storeId: stores.C.id }),
      422,
      'outside_delivery_area',
    );
    expectError(
      await order(customer!.client, { location: IN_BOTH_NEARER_A, storeId: crypto.randomUUID() }),
      422,
      'outside_delivery_area',
    );
  });

  it('refuses a point no store serves and takes nothing; needs a location when the default store has an area', async () => {
    const before = await stockAt(stores.A.id);
    expectError(await order(customer!.client, { location: HOLE }), 422, 'outside_delivery_area');
    expectError(await order(customer!.client), 422, 'location_required');
    expect(await stockAt(stores.A.id)).toBe(before);
  });

  it('never oversells one store while another has plenty: exactly its stock is sold, the other untouched by it', async () => {
    const scarce = (await createProduct(admin.client, { stock: 0 })).id;
    await setStock(admin.client, stores.A.id, [{ productId: scarce, stock: 5 }]);
    await setStock(admin.client, stores.B.id, [{ productId: scarce, stock: 1000 }]);
    const buy = (i: number, location: Location) =>
      (i % 2 ? customer! : otherCustomer!).client.post('/api/v1/orders', {
        items: [{ productId: scarce, quantity: 1 }],
        address: `${i} Race Street`,
        location,
      });
    const results = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => buy(i, IN_BOTH_NEARER_A)),
      ...Array.from({ length: 20 }, (_, i) => buy(i, IN_BOTH_NEARER_B)),
    ]);
    const atA = results.slice(0, 40);
    const atB = results.slice(40);
    for (const r of results) expect([201, 409], JSON.stringify(r.body)).toContain(r.status);
    expect(atA.filter((r) => r.status === 201)).toHaveLength(5);
    for (const r of atA.filter((r) => r.status === 409)) {
      expect(r.body.error.details.lines).toEqual([
        { index: 0, productId: scarce, requested: 1, available: 0, reason: 'insufficient_stock' },
      ]);
    }
    expect(atB.every((r) => r.status === 201 && r.body.order.store.id === stores.B.id)).toBe(true);
    const stock = async (storeId: string) =>
      (await admin.client.get(`/api/v1/products/${scarce}?storeId=${storeId}`)).body.product.stock;
    expect(await stock(stores.A.id)).toBe(0);
    expect(await stock(stores.B.id)).toBe(980);
  });
});
