import type { Product } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { notFound } from '../errors/app-error.js';
import { findProductById } from './product-queries.js';

/** One product. A product that is no longer sold is hidden from everyone but admins, like in the list. */
export async function getProduct(
  deps: { pool: Queryable },
  input: { caller: Caller | null; productId: string },
): Promise<Product> {
  const product = await findProductById(deps.pool, input.productId);
  if (!product || (!product.active && input.caller?.role !== 'admin')) throw notFound('Product');
  return product;
}
