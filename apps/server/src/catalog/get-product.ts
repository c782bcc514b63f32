import type { Product } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { notFound } from '../http/app-error.js';
import type { Principal } from '../http/authenticate.js';
import { findProductById } from './product-queries.js';

/** One product. A product that is no longer sold is hidden from everyone but admins, like in the list. */
export async function getProduct(
  ctx: AppContext,
  input: { caller: Principal | null; productId: string },
): Promise<Product> {
  const product = await findProductById(ctx.pool, input.productId);
  if (!product || (!product.active && input.caller?.role !== 'admin')) throw notFound('Product');
  return product;
}
