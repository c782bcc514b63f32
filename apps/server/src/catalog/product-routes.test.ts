import type { Product } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct } from '../orders/testing/order-factories.js';

const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });

describe('catalog', () => {
  it('lets an admin create a product, with its event in the log', async () => {
    const res = await admin.client.post('/api/v1/products', {
      name: '  Oat milk (1 l) ',
      description: 'Barista',
      priceCents: 219,
      stock: 12,
    });
    expect(res.status).toBe(201);
    const product: Product = res.body.product;
    expect(product).toMatchObject({ name: 'Oat milk (1 l)', priceCents: 219, stock: 12, active: true });
    expect(product.createdAt).toBe(product.updatedAt);

    const { rows } = await node.db.pool.query(
      `SELECT type, actor_id, data FROM events WHERE type = 'product.created' AND data->'product'->>'id' = $1`,
      [product.id],
    );
    expect(rows).toEqual([{ type: 'product.created', actor_id: admin.user.id, data: { product } }]);
  });

  it('refuses bad products with 400 naming the fields, and non-admins with 401/403', async () => {
    const bad = await admin.client.post('/api/v1/products', { name: '', priceCents: 1.5, stock: -1, owner: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const paths = bad.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.priceCents', 'body.stock']));

    const asCustomer = await customer.client.post('/api/v1/products', { name: 'X', priceCents: 1 });
    expect(asCustomer.status).toBe(403);
    const anonymous = await node.client().post('/api/v1/products', { name: 'X', priceCents: 1 });
    expect(anonymous.status).toBe(401);
    const patch = await customer.client.patch(`/api/v1/products/${crypto.randomUUID()}`, { stock: 1 });
    expect(patch.status).toBe(403);
  });

  it('lets an admin change a product; placed orders keep their copy (see the order tests)', async () => {
    const product = await createProduct(admin.client, { priceCents: 100, stock: 3 });
    const res = await admin.client.patch(`/api/v1/products/${product.id}`, { priceCents: 120, stock: 40 });
    expect(res.status).toBe(200);
    expect(res.body.product).toMatchObject({ id: product.id, priceCents: 120, stock: 40, name: product.name });
    expect(Date.parse(res.body.product.updatedAt)).toBeGreaterThanOrEqual(Date.parse(product.updatedAt));

    const { rows } = await node.db.pool.query(
      `SELECT data FROM events WHERE type = 'product.updated' AND data->'product'->>'id' = $1`,
      [product.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].data.product).toEqual(res.body.product);

    expect((await admin.client.patch(`/api/v1/products/${product.id}`, {})).status).toBe(400);
    expect((await admin.client.patch(`/api/v1/products/${product.id}`, { stock: -5 })).status).toBe(400);
    expect((await admin.client.patch(`/api/v1/products/${product.id}`, { id: crypto.randomUUID() })).status).toBe(400);
    expect((await admin.client.patch(`/api/v1/products/${crypto.randomUUID()}`, { stock: 1 })).status).toBe(404);
  });

  it('never lets stock go negative, even written directly', async () => {
    const product = await createProduct(admin.client, { stock: 1 });
    await expect(
      node.db.pool.query('UPDATE store_stock SET stock = -1 WHERE product_id = $1', [product.id]),
    ).rejects.toThrow(/check constraint/);
  });

  it('lists active products to anyone, by name, searched and paginated', async () => {
    const tag = `zz${Math.random().toString(36).slice(2, 7)}`;
    const names = ['Banana', 'apple', 'Cherry', 'date', 'Elderberry'].map((n) => `${tag} ${n}`);
    for (const name of names) await createProduct(admin.client, { name });
    const hidden = await createProduct(admin.client, { name: `${tag} hidden`, active: false });

    const anonymous = node.client();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `q=${encodeURIComponent(tag)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await anonymous.get(`/api/v1/products?${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((p: Product) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

    // Inactive products: hidden from the shop, visible to admins who ask.
    expect((await anonymous.get(`/api/v1/products/${hidden.id}`)).status).toBe(404);
    expect((await admin.client.get(`/api/v1/products/${hidden.id}`)).body.product.active).toBe(false);
    const all = await admin.client.get(`/api/v1/products?q=${tag}&all=true`);
    expect(all.body.items.map((p: Product) => p.name)).toContain(`${tag} hidden`);
    expect((await customer.client.get(`/api/v1/products?all=true`)).status).toBe(403);
    expect((await anonymous.get(`/api/v1/products?all=true`)).status).toBe(401);

    // A search for LIKE wildcards matches them literally.
    expect((await anonymous.get(`/api/v1/products?q=${encodeURIComponent('%')}`)).body.items).toEqual([]);
  });

  it('refuses a forged cursor and a bad id with 400', async () => {
    expect((await node.client().get('/api/v1/products?cursor=nonsense')).status).toBe(400);
    expect((await node.client().get('/api/v1/products/not-a-uuid')).status).toBe(400);
    expect((await node.client().get(`/api/v1/products/${crypto.randomUUID()}`)).status).toBe(404);
  });
});
