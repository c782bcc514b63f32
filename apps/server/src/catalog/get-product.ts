import type { Product } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { AppContext } from '../context.js';
import { notFound } from '../errors/app-error.js';
import { findProductById } from './product-queries.js';

/** One product. A product that is no longer sold is hidden from everyone but admins, like in the list. */
export async function getProduct(
  ctx: AppContext,
  input: { caller: Caller | null; productId: string },
): Promise<Product> {
  const product = await findProductById(ctx.pool, input.productId);
  if (!product || (!product.active && input.caller?.role !== 'admin')) throw notFound('Product');
  return product;
}
