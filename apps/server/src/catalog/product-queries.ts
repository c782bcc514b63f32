import type { Product } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { decodeCursor, toPage } from '../pagination/keyset-cursor.js';

export interface NewProduct {
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  active?: boolean;
}

interface ProductRow {
  id: string;
  name: string;
  description: string;
  price_cents: number;
  stock: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * A product's columns with `stock` at one store: `$1` names the store, null the default store (the oldest
 * active one). A store that never stocked the product has 0 of it.
 */
const PRODUCT_COLUMNS = `p.id, p.name, p.description, p.price_cents, p.active, p.created_at, p.updated_at,
  COALESCE((SELECT s.stock FROM store_stock s
            WHERE s.product_id = p.id
              AND s.store_id = COALESCE($1::uuid, (SELECT id FROM stores WHERE active ORDER BY created_at, id LIMIT 1))
           ), 0) AS stock`;

export function toProductDto(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    stock: row.stock,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Inserts products (without stock: see stock-queries.ts); answers their ids in the order given. */
export async function insertProducts(db: Queryable, products: Omit<NewProduct, 'stock'>[]): Promise<string[]> {
  if (products.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO products (name, description, price_cents)
     SELECT name, description, price_cents
     FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS n(name, description, price_cents, position)
     ORDER BY position
     RETURNING id`,
    [products.map((p) => p.name), products.map((p) => p.description), products.map((p) => p.priceCents)],
  );
  return rows.map((row) => row.id);
}

/** Inserts a product (without stock: see stock-queries.ts); answers its id. */
export async function insertProduct(db: Queryable, product: Omit<NewProduct, 'stock'>): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO products (name, description, price_cents, active) VALUES ($1, $2, $3, $4) RETURNING id`,
    [product.name, product.description, product.priceCents, product.active ?? true],
  );
  return rows[0]!.id;
}

/** Changes a product's own fields (stock is per store: see stock-queries.ts); answers whether it exists. */
export async function updateProduct(
  db: Queryable,
  id: string,
  changes: Partial<Omit<NewProduct, 'stock'> & { active: boolean }>,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE products SET
       name = COALESCE($2, name),
       description = COALESCE($3, description),
       price_cents = COALESCE($4, price_cents),
       active = COALESCE($5, active),
       updated_at = now()
     WHERE id = $1`,
    [id, changes.name ?? null, changes.description ?? null, changes.priceCents ?? null, changes.active ?? null],
  );
  return rowCount === 1;
}

/** A product with its stock at `storeId` (undefined: the default store). */
export async function findProductById(db: Queryable, id: string, storeId?: string): Promise<Product | undefined> {
  const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $2`, [
    storeId ?? null,
    id,
  ]);
  return rows[0] ? toProductDto(rows[0]) : undefined;
}

/** Products by name (case-insensitive), then id; keyed on `lower(name)` like the index that serves it. */
export async function listProducts(
  db: Queryable,
  filter: { q?: string; storeId?: string; includeInactive: boolean; limit: number; cursor?: string },
): Promise<{ items: Product[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, 'text');
  const { rows } = await db.query<ProductRow & { sort_key: string }>(
    `SELECT ${PRODUCT_COLUMNS}, lower(p.name) AS sort_key FROM products p
     WHERE ($2::boolean OR p.active)
       AND ($3::text IS NULL OR p.name ILIKE $3)
       AND ($4::text IS NULL OR (lower(p.name), p.id) > ($4, $5::uuid))
     ORDER BY lower(p.name), p.id
     LIMIT $6`,
    [
      filter.storeId ?? null,
      filter.includeInactive,
      filter.q ? `%${escapeLike(filter.q)}%` : null,
      after ? String(after.key) : null,
      after?.id ?? null,
      filter.limit + 1,
    ],
  );
  return toPage(rows, filter.limit, toProductDto, (row) => ({ key: row.sort_key, id: row.id }));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
