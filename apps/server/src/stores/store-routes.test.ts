import type { DeliveryArea, Store } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct } from '../orders/testing/order-factories.js';
import { createStore, setStock, squareArea, squareRing } from './testing/store-factories.js';

const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });
const berlin = { lat: 52.52, lng: 13.405 };

const fieldPaths = (body: any): string[] => body.error.details.fields.map((f: { path: string }) => f.path);
const eventsOf = async (type: string) =>
  (await node.db.pool.query('SELECT data, audience_user_ids, to_online_partners FROM events WHERE type = $1', [type]))
    .rows;

describe('store validation', () => {
  const post = (deliveryArea: unknown) =>
    admin.client.post('/api/v1/stores', { name: 'Bad', address: 'x', location: berlin, deliveryArea });

  it('refuses an open ring, naming it', async () => {
    const open = squareRing(berlin, 0.01).slice(0, 4);
    const res = await post({ type: 'Polygon', coordinates: [open] });
    expectError(res, 400, 'validation_failed');
    expect(fieldPaths(res.body)).toEqual(['body.deliveryArea.coordinates.0']);
    expect(res.body.error.details.fields[0].message).toMatch(/closed/);
  });

  it('refuses a position off the globe, naming it', async () => {
    const ring = squareRing(berlin, 0.01);
    ring[1] = [200, 52.5];
    const res = await post({ type: 'Polygon', coordinates: [ring] });
    expectError(res, 400, 'validation_failed');
    expect(fieldPaths(res.body)).toContain('body.deliveryArea.coordinates.0.1.0');
    const res2 = await admin.client.post('/api/v1/stores', {
      name: 'Bad',
      address: 'x',
      location: { lat: 91, lng: 0 },
    });
    expect(fieldPaths(res2.body)).toEqual(['body.location.lat']);
  });

  it('refuses more than 1,000 points', async () => {
    const ring: [number, number][] = Array.from({ length: 1001 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 1000;
      return [berlin.lng + 0.05 * Math.cos(angle), berlin.lat + 0.03 * Math.sin(angle)];
    });
    ring[1000] = ring[0]!;
    const res = await post({ type: 'Polygon', coordinates: [ring] });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields[0]).toEqual({
      path: 'body.deliveryArea.coordinates',
      message: expect.stringMatching(/1001 points.*at most 1000/),
    });
    // 1,000 points are fine.
    ring.splice(999, 1);
    expect((await post({ type: 'Polygon', coordinates: [ring] })).status).toBe(201);
  });

  it('refuses a ring that crosses itself (a bow tie), on create and on change, naming where', async () => {
    const { lat, lng } = berlin;
    const bowTie: DeliveryArea = {
      type: 'Polygon',
      coordinates: [
        [
          [lng - 0.01, lat - 0.01],
          [lng + 0.01, lat + 0.01],
          [lng + 0.01, lat - 0.01],
          [lng - 0.01, lat + 0.01],
          [lng - 0.01, lat - 0.01],
        ],
      ],
    };
    const res = await post(bowTie);
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields).toEqual([
      { path: 'body.deliveryArea.coordinates', message: expect.stringMatching(/cross.*\[13\.405, 52\.52\]/) },
    ]);

    const store = await createStore(admin.client, { deliveryArea: squareArea(berlin, 0.02) });
    const patch = await admin.client.patch(`/api/v1/stores/${store.id}`, { deliveryArea: bowTie });
    expectError(patch, 400, 'validation_failed');
    expect((await admin.client.get(`/api/v1/stores/${store.id}`)).body.store.deliveryArea).toEqual(store.deliveryArea);
  });

  it('refuses a hole that crosses its outer ring, and unknown fields', async () => {
    const crossingHole = {
      type: 'Polygon',
      coordinates: [squareRing(berlin, 0.01), squareRing({ ...berlin, lat: 52.53 }, 0.005)],
    };
    expectError(await post(crossingHole), 400, 'validation_failed');
    const extra = await admin.client.post('/api/v1/stores', { name: 'x', address: 'x', location: berlin, owner: 'me' });
    expectError(extra, 400, 'validation_failed');
  });
});

describe('stores', () => {
  it('an admin opens, changes and closes stores; events go to admins only', async () => {
    const area = squareArea(berlin, 0.02, 0.005);
    const store = await createStore(admin.client, { name: 'Mitte', deliveryArea: area, prepMinutes: 7 });
    expect(store).toMatchObject({
      name: 'Mitte',
      location: berlin,
      deliveryArea: area,
      prepMinutes: 7,
      active: true,
    });
    expect(await eventsOf('store.created')).toContainEqual({
      data: { store },
      audience_user_ids: [],
      to_online_partners: false,
    });

    const res = await admin.client.patch(`/api/v1/stores/${store.id}`, { prepMinutes: 12, deliveryArea: null });
    expect(res.status).toBe(200);
    expect(res.body.store).toMatchObject({ id: store.id, prepMinutes: 12, deliveryArea: null, name: 'Mitte' });
    const updated = (await eventsOf('store.updated')).find((row) => row.data.store.id === store.id);
    expect(updated.data.changed.sort()).toEqual(['deliveryArea', 'prepMinutes']);
    expect(updated.audience_user_ids).toEqual([]);

    await admin.client.patch(`/api/v1/stores/${store.id}`, { active: false });
    expectError(await customer.client.get(`/api/v1/stores/${store.id}`), 404, 'not_found');
    expect((await admin.client.get(`/api/v1/stores/${store.id}`)).body.store.active).toBe(false);
  });

  it('only admins write stores', async () => {
    const body = { name: 'x', address: 'x', location: berlin };
    expect((await node.client().post('/api/v1/stores', body)).status).toBe(401);
    expectError(await customer.client.post('/api/v1/stores', body), 403, 'forbidden');
    const [store] = (await customer.client.get('/api/v1/stores')).body.items as Store[];
    expectError(await customer.client.patch(`/api/v1/stores/${store!.id}`, { name: 'Mine' }), 403, 'forbidden');
    expectError(await customer.client.put(`/api/v1/stores/${store!.id}/stock`, { items: [] }), 403, 'forbidden');
    expectError(await admin.client.patch(`/api/v1/stores/${crypto.randomUUID()}`, { name: 'x' }), 404, 'not_found');
    expectError(await admin.client.patch(`/api/v1/stores/${store!.id}`, {}), 400, 'validation_failed');
  });

  it('lists open stores by name, page by page; admins see closed ones with all=true', async () => {
    const names = ['Zeta', 'alpha', 'Beta', 'gamma'];
    const made = [];
    for (const name of names) made.push(await createStore(admin.client, { name: `List ${name}` }));
    await admin.client.patch(`/api/v1/stores/${made[3]!.id}`, { active: false });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/stores?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await node.client().get(query);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((s: Store) => s.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    const listed = seen.filter((name) => name.startsWith('List '));
    expect(listed).toEqual(['List alpha', 'List Beta', 'List Zeta']);
    expect(seen).toEqual([...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

    const all = await admin.client.get('/api/v1/stores?all=true&limit=100');
    expect(all.body.items.map((s: Store) => s.name)).toContain('List gamma');
    expectError(await customer.client.get('/api/v1/stores?all=true'), 403, 'forbidden');
    expectError(await node.client().get('/api/v1/stores?cursor=nope'), 400, 'validation_failed');
  });
});

describe('stock per store', () => {
  it('sets a store’s stock in bulk; product.stock is per store (default store without storeId)', async () => {
    const store = await createStore(admin.client, { name: 'Stock store' });
    const milk = await createProduct(admin.client, { name: 'Stock milk', stock: 4 });
    const eggs = await createProduct(admin.client, { name: 'Stock eggs', stock: 6 });
    const res = await admin.client.put(`/api/v1/stores/${store.id}/stock`, {
      items: [
        { productId: milk.id, stock: 30 },
        { productId: eggs.id, stock: 0 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { productId: milk.id, stock: 30 },
      { productId: eggs.id, stock: 0 },
    ]);
    expect((await customer.client.get(`/api/v1/products/${milk.id}?storeId=${store.id}`)).body.product.stock).toBe(30);
    expect((await customer.client.get(`/api/v1/products/${milk.id}`)).body.product.stock).toBe(4);
    const listed = await customer.client.get(`/api/v1/products?q=Stock&storeId=${store.id}`);
    expect(listed.body.items.map((p: { name: string; stock: number }) => [p.name, p.stock])).toEqual([
      ['Stock eggs', 0],
      ['Stock milk', 30],
    ]);
    const other = await createStore(admin.client, { name: 'Empty store' });
    expect((await customer.client.get(`/api/v1/products/${milk.id}?storeId=${other.id}`)).body.product.stock).toBe(0);
    expectError(await customer.client.get(`/api/v1/products?storeId=${crypto.randomUUID()}`), 404, 'not_found');

    const event = (await eventsOf('stock.updated')).find((row) => row.data.storeId === store.id);
    expect(event).toEqual({
      data: { storeId: store.id, items: res.body.items },
      audience_user_ids: [],
      to_online_partners: false,
    });
    // PATCH /products {stock} sets the default store's, with its own stock.updated.
    await admin.client.patch(`/api/v1/products/${milk.id}`, { stock: 9 });
    expect((await customer.client.get(`/api/v1/products/${milk.id}`)).body.product.stock).toBe(9);
    expect((await customer.client.get(`/api/v1/products/${milk.id}?storeId=${store.id}`)).body.product.stock).toBe(30);
  });

  it('is all or nothing: an unknown product names its line and nothing is written', async () => {
    const store = await createStore(admin.client);
    const milk = await createProduct(admin.client, { stock: 4 });
    await setStock(admin.client, store.id, [{ productId: milk.id, stock: 5 }]);
    const ghost = crypto.randomUUID();
    const res = await admin.client.put(`/api/v1/stores/${store.id}/stock`, {
      items: [
        { productId: milk.id, stock: 50 },
        { productId: ghost, stock: 1 },
      ],
    });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields).toEqual([{ path: 'body.items.1.productId', message: 'no such product' }]);
    expect((await admin.client.get(`/api/v1/products/${milk.id}?storeId=${store.id}`)).body.product.stock).toBe(5);

    const twice = await admin.client.put(`/api/v1/stores/${store.id}/stock`, {
      items: [
        { productId: milk.id, stock: 1 },
        { productId: milk.id, stock: 2 },
      ],
    });
    expect(fieldPaths(twice.body)).toEqual(['body.items.1.productId']);
    const negative = await admin.client.put(`/api/v1/stores/${store.id}/stock`, {
      items: [{ productId: milk.id, stock: -1 }],
    });
    expect(fieldPaths(negative.body)).toEqual(['body.items.0.stock']);
    expectError(
      await admin.client.put(`/api/v1/stores/${crypto.randomUUID()}/stock`, {
        items: [{ productId: milk.id, stock: 1 }],
      }),
      404,
      'not_found',
    );
  });
});

describe('app config', () => {
  it('serves the map settings to anyone, and the CSP lets the tile host serve images', async () => {
    const res = await node.client().get('/api/v1/app-config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      map: { tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors' },
      dispatch: { mode: 'broadcast', waveSize: 3, offerSeconds: 20, maxWaves: 3 },
      handoverCode: true,
    });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/img-src 'self' data: https:\/\/tile\.openstreetmap\.org/);
  });
});
