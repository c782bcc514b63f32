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

const PRODUCT_COLUMNS = 'id, name, description, price_cents, stock, active, created_at, updated_at';

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

export async function insertProducts(db: Queryable, products: NewProduct[]): Promise<void> {
  if (products.length === 0) return;
  await db.query(
    `INSERT INTO products (name, description, price_cents, stock)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])`,
    [
      products.map((p) => p.name),
      products.map((p) => p.description),
      products.map((p) => p.priceCents),
      products.map((p) => p.stock),
    ],
  );
}

export async function insertProduct(db: Queryable, product: NewProduct): Promise<Product> {
  const { rows } = await db.query<ProductRow>(
    `INSERT INTO products (name, description, price_cents, stock, active) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${PRODUCT_COLUMNS}`,
    [product.name, product.description, product.priceCents, product.stock, product.active ?? true],
  );
  return toProductDto(rows[0]!);
}

export async function updateProduct(
  db: Queryable,
  id: string,
  changes: Partial<NewProduct & { active: boolean }>,
): Promise<Product | undefined> {
  const { rows } = await db.query<ProductRow>(
    `UPDATE products SET
       name = COALESCE($2, name),
       description = COALESCE($3, description),
       price_cents = COALESCE($4, price_cents),
       stock = COALESCE($5, stock),
       active = COALESCE($6, active),
       updated_at = now()
     WHERE id = $1
     RETURNING ${PRODUCT_COLUMNS}`,
    [
      id,
      changes.name ?? null,
      changes.description ?? null,
      changes.priceCents ?? null,
      changes.stock ?? null,
      changes.active ?? null,
    ],
  );
  return rows[0] ? toProductDto(rows[0]) : undefined;
}

export async function findProductById(db: Queryable, id: string): Promise<Product | undefined> {
  const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1`, [id]);
  return rows[0] ? toProductDto(rows[0]) : undefined;
}

/** Products by name (case-insensitive), then id; keyed on `lower(name)` like the index that serves it. */
export async function listProducts(
  db: Queryable,
  filter: { q?: string; includeInactive: boolean; limit: number; cursor?: string },
): Promise<{ items: Product[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, 'text');
  const { rows } = await db.query<ProductRow & { sort_key: string }>(
    `SELECT ${PRODUCT_COLUMNS}, lower(name) AS sort_key FROM products
     WHERE ($1::boolean OR active)
       AND ($2::text IS NULL OR name ILIKE $2)
       AND ($3::text IS NULL OR (lower(name), id) > ($3, $4::uuid))
     ORDER BY lower(name), id
     LIMIT $5`,
    [
      filter.includeInactive,
      filter.q ? `%${escapeLike(filter.q)}%` : null,
      after ? String(after.key) : null,
      after?.id ?? null,
      filter.limit + 1,
    ],
  );
  return toPage(rows, filter.limit, toProductDto, (row) => ({ key: row.sort_key, id: row.id }));
}

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
 * Takes the quantity of every line whose product is active and has enough stock, and answers those lines
 * (with the name and price they were sold at). The rows are locked first in product-id order, so two orders
 * over the same products always queue in the same order and never deadlock; the `stock >= quantity` guard is
 * evaluated by PostgreSQL on the locked, latest row, so two buyers of the last unit cannot both get it.
 * A caller that gets fewer lines back than it asked for must roll back.
 */
export async function takeStock(db: Queryable, lines: StockLine[]): Promise<TakenLine[]> {
  const { rows } = await db.query<{ id: string; name: string; price_cents: number }>({
    name: 'catalog.take-stock',
    text: `WITH locked AS MATERIALIZED (
       SELECT id FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE
     )
     UPDATE products p
     SET stock = p.stock - w.quantity, updated_at = now()
     FROM unnest($1::uuid[], $2::int[]) AS w(product_id, quantity)
     WHERE p.id = w.product_id AND p.id IN (SELECT id FROM locked) AND p.active AND p.stock >= w.quantity
     RETURNING p.id, p.name, p.price_cents`,
    values: [lines.map((l) => l.productId), lines.map((l) => l.quantity)],
  });
  return rows.map((row) => ({ productId: row.id, name: row.name, priceCents: row.price_cents }));
}

/** Puts the lines' quantities back (an order was cancelled); rows locked in product-id order, as above. */
export async function returnStock(db: Queryable, lines: StockLine[]): Promise<void> {
  await db.query({
    name: 'catalog.return-stock',
    text: `WITH locked AS MATERIALIZED (
       SELECT id FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE
     )
     UPDATE products p
     SET stock = p.stock + w.quantity, updated_at = now()
     FROM unnest($1::uuid[], $2::int[]) AS w(product_id, quantity)
     WHERE p.id = w.product_id AND p.id IN (SELECT id FROM locked)`,
    values: [lines.map((l) => l.productId), lines.map((l) => l.quantity)],
  });
}

/** Current stock and state of some products (to explain which lines of an order were short). */
export async function findStockLevels(
  db: Queryable,
  productIds: string[],
): Promise<Map<string, { stock: number; active: boolean }>> {
  const { rows } = await db.query<{ id: string; stock: number; active: boolean }>(
    'SELECT id, stock, active FROM products WHERE id = ANY($1::uuid[])',
    [productIds],
  );
  return new Map(rows.map((row) => [row.id, { stock: row.stock, active: row.active }]));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
