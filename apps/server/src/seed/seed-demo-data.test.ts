import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { createEncryption } from '../platform/encryption.js';
import { findServingStores } from '../stores/serving-store.js';
import { findDefaultStore, listStores } from '../stores/store-queries.js';
import { demoAddresses, demoStores } from './demo-city.js';
import { seedDemoData } from './seed-demo-data.js';

const encryption = createEncryption({ current: randomBytes(32) });

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('the demo city', () => {
  it('has three stocked stores with overlapping areas; every saved address is served; seeded once', async () => {
    expect(await seedDemoData(db.pool, encryption)).toBe(true);
    expect(await seedDemoData(db.pool, encryption)).toBe(false);

    const stores = (await listStores(db.pool, { includeInactive: true, limit: 100 })).items;
    expect(stores.map((s) => s.name).sort()).toEqual(demoStores.map((s) => s.name).sort());
    expect(stores.every((s) => s.active && s.deliveryArea !== null)).toBe(true);
    // The migration's store became the first demo store, and stays the default.
    expect((await findDefaultStore(db.pool))?.name).toBe('Swyft Mitte');

    const { rows: stock } = await db.pool.query(
      'SELECT store_id, count(*)::int AS products, sum(stock)::int AS units FROM store_stock GROUP BY store_id',
    );
    expect(stock).toHaveLength(3);
    for (const row of stock) expect(row.units).toBeGreaterThan(0);

    const { rows: addresses } = await db.pool.query<{ lat: number; lng: number }>('SELECT lat, lng FROM addresses');
    expect(addresses).toHaveLength(Object.values(demoAddresses).flat().length);
    for (const address of addresses) expect(await findServingStores(db.pool, address)).not.toEqual([]);
    // Overlaps: a point on Mitte's border with Kreuzberg is served by both, the nearer first.
    const both = await findServingStores(db.pool, { lat: 52.506, lng: 13.41 });
    expect(both.map((s) => s.store.name)).toEqual(['Swyft Kreuzberg', 'Swyft Mitte']);
    // Outside the city: nobody.
    expect(await findServingStores(db.pool, { lat: 52.45, lng: 13.3 })).toEqual([]);
  });

  it('can be left out: the catalog is stocked at the default store, which delivers anywhere', async () => {
    const plain = await createTestDatabase();
    try {
      expect(await seedDemoData(plain.pool, encryption, { city: false })).toBe(true);
      const stores = (await listStores(plain.pool, { includeInactive: true, limit: 100 })).items;
      expect(stores).toEqual([expect.objectContaining({ name: 'Main store', deliveryArea: null })]);
      const { rows } = await plain.pool.query('SELECT count(*)::int AS n, min(stock) AS min FROM store_stock');
      expect(rows[0].n).toBeGreaterThan(0);
      expect((await findServingStores(plain.pool, { lat: 10, lng: 10 })).map((s) => s.store.name)).toEqual([
        'Main store',
      ]);
    } finally {
      await plain.drop();
    }
  });
});
