import type { Product } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct } from '../orders/testing/order-factories.js';

const { node, admin } = withTestNode({ admins: 1 });

const search = async (query: string): Promise<string[]> => {
  const res = await node.client().get(`/api/v1/products?${query}&limit=100`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as Product[]).map((p) => p.name);
};

describe('categories and search (pg_trgm)', () => {
  it('finds by name, description and category, tolerating a typo, best matches first', async () => {
    await createProduct(admin.client, {
      name: 'Sourdough loaf',
      description: 'Naturally leavened bread, baked this morning',
      category: 'Bakery',
    } as never);
    await createProduct(admin.client, { name: 'Bananas (6)', description: 'Ripe', category: 'Fruit' } as never);
    await createProduct(admin.client, { name: 'Banana bread', description: 'Sweet loaf', category: 'Bakery' } as never);
    await createProduct(admin.client, { name: 'Whole milk', description: 'Fresh', category: 'Dairy' } as never);

    expect(await search('q=banan')).toEqual(['Banana bread', 'Bananas (6)']);
    expect(await search('q=sourdugh')).toEqual(['Sourdough loaf']);
    expect(await search('q=SOURDOUGH')).toEqual(['Sourdough loaf']);
    // "bread" is in one name and in the sourdough's description: the name first.
    expect(await search('q=bread')).toEqual(['Banana bread', 'Sourdough loaf']);
    expect(await search('q=bakery')).toEqual(['Banana bread', 'Sourdough loaf']);
    expect(await search('q=bakry')).toEqual(['Banana bread', 'Sourdough loaf']);
    expect(await search('q=milk')).toEqual(['Whole milk']);
    expect(await search('q=xylophone')).toEqual([]);
    // LIKE's wildcards are text here.
    expect(await search('q=%25')).toEqual([]);
    expect(await search('q=_')).toEqual([]);
  });

  it('pages a search without repeating or losing a product', async () => {
    for (const n of [1, 2, 3, 4, 5]) await createProduct(admin.client, { name: `Pagetest tomato ${n}` });
    await createProduct(admin.client, { name: 'Pagetest tomatoes', description: '' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Product[]; nextCursor: string | null } } = await node
        .client()
        .get(`/api/v1/products?q=pagetest&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((p) => p.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('lists categories of active products with their counts, and filters by one', async () => {
    await createProduct(admin.client, { name: 'Kale', category: 'Greens' } as never);
    await createProduct(admin.client, { name: 'Chard', category: 'greens' } as never);
    await createProduct(admin.client, { name: 'Old rocket', category: 'Greens', active: false } as never);
    await createProduct(admin.client, { name: 'Gone', category: 'Discontinued', active: false } as never);

    const res = await node.client().get('/api/v1/categories');
    expect(res.status).toBe(200);
    const greens = res.body.items.find((c: { name: string }) => c.name.toLowerCase() === 'greens');
    expect(greens).toMatchObject({ productCount: 2 });
    expect(res.body.items.map((c: { name: string }) => c.name)).not.toContain('Discontinued');
    const names = res.body.items.map((c: { name: string }) => c.name.toLowerCase());
    expect(names).toEqual([...names].sort());

    expect(await search('category=GREENS')).toEqual(['Chard', 'Kale']);
    expect(await search('category=Greens&q=kal')).toEqual(['Kale']);
  });

  it('lets an admin set, change and clear a category', async () => {
    const product = await createProduct(admin.client, { name: 'Plain yoghurt', category: 'Dairy' } as never);
    expect(product.category).toBe('Dairy');
    const changed = await admin.client.patch(`/api/v1/products/${product.id}`, { category: ' Dairy & eggs ' });
    expect(changed.body.product.category).toBe('Dairy & eggs');
    const untouched = await admin.client.patch(`/api/v1/products/${product.id}`, { priceCents: 99 });
    expect(untouched.body.product.category).toBe('Dairy & eggs');
    const cleared = await admin.client.patch(`/api/v1/products/${product.id}`, { category: null });
    expect(cleared.body.product.category).toBeNull();
    expect((await admin.client.patch(`/api/v1/products/${product.id}`, { category: '' })).status).toBe(400);
    expect((await admin.client.patch(`/api/v1/products/${product.id}`, { category: 'x'.repeat(61) })).status).toBe(400);
  });
});
