import type { Queryable } from '../db/pool.js';

/**
 * Stock per (store, product). Every statement that changes several rows locks them first in product-id
 * order, so two writers over the same products always queue in the same order and never deadlock.
 */

export interface StockLine {
  productId: string;
  quantity: number;
}

export interface TakenLine {
  productId: string;
  name: string;
  priceCents: number;
}

/**
 * Takes the quantity of every line whose product is active and has enough stock at the store, and answers
 * those lines (with the name and price they were sold at). The `stock >= quantity` guard is evaluated by
 * PostgreSQL on the locked, latest row, so two buyers of a store's last unit cannot both get it; stock at
 * other stores is not touched (nor locked). A caller that gets fewer lines back than it asked for must roll back.
 */
export async function takeStock(db: Queryable, storeId: string, lines: StockLine[]): Promise<TakenLine[]> {
  const { rows } = await db.query<{ product_id: string; name: string; price_cents: number }>({
    name: 'catalog.take-stock',
    text: `WITH locked AS MATERIALIZED (
       SELECT product_id FROM store_stock
       WHERE store_id = $1 AND product_id = ANY($2::uuid[])
       ORDER BY product_id FOR NO KEY UPDATE
     )
     UPDATE store_stock s
     SET stock = s.stock - w.quantity
     FROM unnest($2::uuid[], $3::int[]) AS w(product_id, quantity), products p
     WHERE s.store_id = $1 AND s.product_id = w.product_id AND s.product_id IN (SELECT product_id FROM locked)
       AND p.id = s.product_id AND p.active AND s.stock >= w.quantity
     RETURNING s.product_id, p.name, p.price_cents`,
    values: [storeId, lines.map((l) => l.productId), lines.map((l) => l.quantity)],
  });
  return rows.map((row) => ({ productId: row.product_id, name: row.name, priceCents: row.price_cents }));
}

/** Puts the lines' quantities back at the store they were taken from (an order was cancelled). */
export async function returnStock(db: Queryable, storeId: string, lines: StockLine[]): Promise<void> {
  await db.query({
    name: 'catalog.return-stock',
    text: `WITH locked AS MATERIALIZED (
       SELECT product_id FROM store_stock
       WHERE store_id = $1 AND product_id = ANY($2::uuid[])
       ORDER BY product_id FOR NO KEY UPDATE
     )
     UPDATE store_stock s
     SET stock = s.stock + w.quantity
     FROM unnest($2::uuid[], $3::int[]) AS w(product_id, quantity)
     WHERE s.store_id = $1 AND s.product_id = w.product_id AND s.product_id IN (SELECT product_id FROM locked)`,
    values: [storeId, lines.map((l) => l.productId), lines.map((l) => l.quantity)],
  });
}

/** Current stock at a store and state of some products (to explain which lines of an order were short). */
export async function findStockLevels(
  db: Queryable,
  storeId: string,
  productIds: string[],
): Promise<Map<string, { stock: number; active: boolean }>> {
  const { rows } = await db.query<{ id: string; stock: number; active: boolean }>(
    `SELECT p.id, COALESCE(s.stock, 0) AS stock, p.active
     FROM products p LEFT JOIN store_stock s ON s.product_id = p.id AND s.store_id = $1
     WHERE p.id = ANY($2::uuid[])`,
    [storeId, productIds],
  );
  return new Map(rows.map((row) => [row.id, { stock: row.stock, active: row.active }]));
}

/**
 * Sets absolute stock levels at a store (rows locked in product-id order, as above). Every product must
 * exist: the caller checks that first, in the same transaction.
 */
export async function setStockLevels(
  db: Queryable,
  storeId: string,
  items: { productId: string; stock: number }[],
): Promise<void> {
  const sorted = [...items].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  await db.query(
    `INSERT INTO store_stock (store_id, product_id, stock)
     SELECT $1, product_id, stock FROM unnest($2::uuid[], $3::int[]) WITH ORDINALITY AS w(product_id, stock, position)
     ORDER BY position
     ON CONFLICT (store_id, product_id) DO UPDATE SET stock = excluded.stock`,
    [storeId, sorted.map((i) => i.productId), sorted.map((i) => i.stock)],
  );
}

/** Which of these products exist (any state). */
export async function findExistingProductIds(db: Queryable, productIds: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM products WHERE id = ANY($1::uuid[])', [productIds]);
  return new Set(rows.map((row) => row.id));
}

/** The default store's id: the oldest active store. */
export async function findDefaultStoreId(db: Queryable): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM stores WHERE active ORDER BY created_at, id LIMIT 1');
  return rows[0]?.id;
}

/** Whether a store of this id exists (active or not). */
export async function storeExists(db: Queryable, storeId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
  return rows.length === 1;
}
