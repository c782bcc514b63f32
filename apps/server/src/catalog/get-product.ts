import type { Product } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { notFound } from '../errors/app-error.js';
import { findProductById } from './product-queries.js';
import { storeExists } from './stock-queries.js';

/**
 * One product, with its stock at `storeId` (else at the default store). A product that is no longer sold is
 * hidden from everyone but admins, like in the list.
 */
export async function getProduct(
  deps: { pool: Queryable },
  input: { caller: Caller | null; productId: string; storeId?: string },
): Promise<Product> {
  if (input.storeId && !(await storeExists(deps.pool, input.storeId))) throw notFound('Store');
  const product = await findProductById(deps.pool, input.productId, input.storeId);
  if (!product || (!product.active && input.caller?.role !== 'admin')) throw notFound('Product');
  return product;
}
