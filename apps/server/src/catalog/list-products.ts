import type { Page, Product, productsQuerySchema } from '@swyft/contract';
import type { z } from 'zod';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { forbidden, notFound, unauthenticated } from '../errors/app-error.js';
import { listProducts as selectProducts } from './product-queries.js';
import { storeExists } from './stock-queries.js';

/**
 * The shop's products by name, with their stock at `storeId` (else at the default store); inactive ones only
 * for admins who ask with `all=true`.
 */
export async function listProducts(
  deps: { pool: Queryable },
  input: { caller: Caller | null; query: z.output<typeof productsQuerySchema> },
): Promise<Page<Product>> {
  const { all, ...query } = input.query;
  if (all) {
    if (!input.caller) throw unauthenticated('Sign in as an admin to list inactive products');
    if (input.caller.role !== 'admin') throw forbidden('Only admins may list inactive products');
  }
  if (query.storeId && !(await storeExists(deps.pool, query.storeId))) throw notFound('Store');
  return selectProducts(deps.pool, { ...query, includeInactive: all === true });
}
