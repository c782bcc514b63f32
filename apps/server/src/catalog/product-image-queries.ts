import type { Queryable } from '../db/pool.js';

export interface StoredImage {
  contentType: string;
  bytes: Buffer;
}

/** Replaces a product's photo and points the product at it; answers whether the product exists. */
export async function saveProductImage(
  db: Queryable,
  productId: string,
  image: { hash: string; contentType: string; width: number; height: number; bytes: Buffer },
): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE products SET image_hash = $2, updated_at = now() WHERE id = $1`, [
    productId,
    image.hash,
  ]);
  if (rowCount !== 1) return false;
  await db.query(
    `INSERT INTO product_images (product_id, hash, content_type, width, height, bytes)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (product_id) DO UPDATE SET hash = EXCLUDED.hash, content_type = EXCLUDED.content_type,
       width = EXCLUDED.width, height = EXCLUDED.height, bytes = EXCLUDED.bytes, created_at = now()`,
    [productId, image.hash, image.contentType, image.width, image.height, image.bytes],
  );
  return true;
}

/** A product's current photo, if `hash` is still its hash. */
export async function findProductImage(
  db: Queryable,
  productId: string,
  hash: string,
): Promise<StoredImage | undefined> {
  const { rows } = await db.query<{ content_type: string; bytes: Buffer }>(
    `SELECT content_type, bytes FROM product_images WHERE product_id = $1 AND hash = $2`,
    [productId, hash],
  );
  return rows[0] ? { contentType: rows[0].content_type, bytes: rows[0].bytes } : undefined;
}
