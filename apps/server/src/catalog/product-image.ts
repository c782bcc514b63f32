import { createHash } from 'node:crypto';
import { MAX_PRODUCT_IMAGE_WIDTH, type Product } from '@swyft/contract';
import sharp from 'sharp';
import type { Caller } from '../auth/caller.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { findProductImage, type StoredImage, saveProductImage } from './product-image-queries.js';
import { findProductById } from './product-queries.js';

/**
 * The most pixels a photo may have before it is decoded (width × height from its header): a larger one is
 * refused without decoding, so a small file that claims a huge picture (a decompression bomb) costs nothing.
 */
export const MAX_INPUT_PIXELS = 70_000_000;

const formatOfType: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Decodes an uploaded photo and encodes it again as WebP at most 800 px wide, turned upright (EXIF
 * orientation) and without its metadata (EXIF, GPS position, ICC profile). The uploaded bytes are never
 * kept: only what the encoder made. A body that is not the type it declares, does not decode, or is too big
 * a picture is a 400.
 */
export async function reencodeImage(
  body: Buffer,
  contentType: string,
): Promise<{ bytes: Buffer; width: number; height: number; hash: string; contentType: 'image/webp' }> {
  const declared = formatOfType[contentType];
  try {
    const input = sharp(body, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const { format } = await input.metadata();
    if (format !== declared) {
      throw new AppError(
        'validation_failed',
        `body: the image is not ${contentType}${format ? ` (it is ${format})` : ''}`,
        { fields: [{ path: 'body', message: `is not ${contentType}` }] },
      );
    }
    const { data, info } = await input
      .rotate()
      .resize({ width: MAX_PRODUCT_IMAGE_WIDTH, withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
    return { bytes: data, width: info.width, height: info.height, hash, contentType: 'image/webp' };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const tooBig = error instanceof Error && /pixel limit/i.test(error.message);
    const message = tooBig
      ? `is a picture of more than ${MAX_INPUT_PIXELS / 1_000_000} million pixels`
      : `does not decode as ${contentType}`;
    throw new AppError('validation_failed', `body: the image ${message}`, { fields: [{ path: 'body', message }] });
  }
}

/** An admin (or a key with `catalog:write`) sets a product's photo; `product.updated` names `imageUrl`. */
export async function setProductImage(
  deps: { pool: Pool },
  input: { actor: Caller; productId: string; body: Buffer; contentType: string; correlationId: string },
): Promise<Product> {
  const image = await reencodeImage(input.body, input.contentType);
  return withTransaction(deps.pool, async (tx) => {
    if (!(await saveProductImage(tx, input.productId, image))) throw notFound('Product');
    const product = (await findProductById(tx, input.productId))!;
    await appendEvent(tx, {
      type: 'product.updated',
      actor: input.actor,
      data: { product, changed: ['imageUrl'] },
      correlationId: input.correlationId,
    });
    return product;
  });
}

/** The photo under an `imageUrl` the server gave out; a replaced one is gone (404). */
export async function getProductImage(
  deps: { pool: Pool },
  input: { productId: string; hash: string },
): Promise<StoredImage> {
  const image = await findProductImage(deps.pool, input.productId, input.hash);
  if (!image) throw notFound('Image');
  return image;
}
