import type { Product } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { decodeCursor, toPage } from '../pagination/keyset-cursor.js';

export interface NewProduct {
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  active?: boolean;
  category?: string | null;
}

interface ProductRow {
  id: string;
  name: string;
  description: string;
  price_cents: number;
  stock: number;
  active: boolean;
  category: string | null;
  image_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * A product's columns with `stock` at one store: `$1` names the store, null the default store (the oldest
 * active one). A store that never stocked the product has 0 of it.
 */
const PRODUCT_COLUMNS = `p.id, p.name, p.description, p.price_cents, p.active, p.category, p.image_hash,
  p.created_at, p.updated_at,
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
    category: row.category,
    imageUrl: row.image_hash === null ? null : productImagePath(row.id, row.image_hash),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Where a product's photo is served: the hash changes with the photo, so the URL may be cached for ever. */
export function productImagePath(productId: string, hash: string): string {
  return `/api/v1/images/${productId}-${hash}.webp`;
}

/** Inserts products (without stock: see stock-queries.ts); answers their ids in the order given. */
export async function insertProducts(db: Queryable, products: Omit<NewProduct, 'stock'>[]): Promise<string[]> {
  if (products.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO products (name, description, price_cents, category)
     SELECT name, description, price_cents, category
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[])
       WITH ORDINALITY AS n(name, description, price_cents, category, position)
     ORDER BY position
     RETURNING id`,
    [
      products.map((p) => p.name),
      products.map((p) => p.description),
      products.map((p) => p.priceCents),
      products.map((p) => p.category ?? null),
    ],
  );
  return rows.map((row) => row.id);
}

/** Inserts a product (without stock: see stock-queries.ts); answers its id. */
export async function insertProduct(db: Queryable, product: Omit<NewProduct, 'stock'>): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO products (name, description, price_cents, active, category) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [product.name, product.description, product.priceCents, product.active ?? true, product.category ?? null],
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
       category = CASE WHEN $6::boolean THEN $7 ELSE category END,
       updated_at = now()
     WHERE id = $1`,
    [
      id,
      changes.name ?? null,
      changes.description ?? null,
      changes.priceCents ?? null,
      changes.active ?? null,
      changes.category !== undefined,
      changes.category ?? null,
    ],
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

/**
 * Products by name (case-insensitive), then id; keyed on `lower(name)` like the index that serves it. With `q`,
 * the best matches first: a name, category or description holding `q` (or a word close to it: trigram word
 * similarity, so a typo still finds it; the GIN trigram indexes serve both), names above categories above
 * descriptions; the key is then the rank followed by the name, as one text compared byte by byte.
 */
export async function listProducts(
  db: Queryable,
  filter: {
    q?: string;
    category?: string;
    storeId?: string;
    includeInactive: boolean;
    limit: number;
    cursor?: string;
  },
): Promise<{ items: Product[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, 'text');
  const q = filter.q?.toLowerCase() ?? null;
  const sortKey = q === null ? 'lower(p.name)' : `(${SEARCH_RANK} || ' ' || lower(p.name)) COLLATE "C"`;
  const { rows } = await db.query<ProductRow & { sort_key: string }>(
    `SELECT * FROM (
       SELECT ${PRODUCT_COLUMNS}, ${sortKey} AS sort_key FROM products p
       WHERE ($2::boolean OR p.active)
         AND ($3::text IS NULL OR lower(p.name) LIKE $3 OR lower(p.description) LIKE $3 OR lower(p.category) LIKE $3
              OR $7 <% lower(p.name) OR $7 <% lower(p.category) OR $7 <% lower(p.description))
         AND ($8::text IS NULL OR lower(p.category) = lower($8::text))
     ) found
     WHERE ($4::text IS NULL OR (found.sort_key, found.id) > ($4, $5::uuid))
     ORDER BY found.sort_key, found.id
     LIMIT $6`,
    [
      filter.storeId ?? null,
      filter.includeInactive,
      q === null ? null : `%${escapeLike(q)}%`,
      after ? String(after.key) : null,
      after?.id ?? null,
      filter.limit + 1,
      q,
      filter.category ?? null,
    ],
  );
  return toPage(rows, filter.limit, toProductDto, (row) => ({ key: row.sort_key, id: row.id }));
}

/**
 * How close a word must be for `<%` (pg_trgm's word similarity, 0.6 by default): 0.5 lets one wrong or
 * missing letter in a word of 7 or more through ("sourdugh" is 0.58 from "sourdough"). Set for the
 * transaction only (SET LOCAL), before a search.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.5;
export async function useSearchThreshold(tx: Queryable): Promise<void> {
  // The planner prices the six trigram bitmap scans above a sequential scan that computes word similarity on
  // every row: measured on 50,000 products (PostgreSQL 15), 2.9 s for the scan against 74 ms for the indexes.
  // For this transaction only, it is told to prefer the indexes.
  await tx.query(
    `SELECT set_config('pg_trgm.word_similarity_threshold', $1, true), set_config('enable_seqscan', 'off', true)`,
    [String(WORD_SIMILARITY_THRESHOLD)],
  );
}

// 0000 for the best match, 1000 for none: a fixed-width number so that the text sorts like the rank.
const SEARCH_RANK = `to_char(1000 - round(1000 * greatest(
    CASE WHEN lower(p.name) LIKE $3 THEN 1 ELSE word_similarity($7, lower(p.name)) END,
    0.9 * CASE WHEN lower(p.category) LIKE $3 THEN 1 ELSE COALESCE(word_similarity($7, lower(p.category)), 0) END,
    0.8 * CASE WHEN lower(p.description) LIKE $3 THEN 1 ELSE word_similarity($7, lower(p.description)) END
  )), 'FM0000')`;

/** The categories of active products, by name, with how many active products each holds. */
export async function selectCategories(db: Queryable): Promise<{ name: string; productCount: number }[]> {
  const { rows } = await db.query<{ name: string; product_count: number }>(
    `SELECT min(category) AS name, count(*)::int AS product_count
     FROM products WHERE active AND category IS NOT NULL
     GROUP BY lower(category)
     ORDER BY lower(category)`,
  );
  return rows.map((row) => ({ name: row.name, productCount: row.product_count }));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
