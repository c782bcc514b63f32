import type { Page, Product, productsQuerySchema } from '@swyft/contract';
import type { z } from 'zod';
import type { Caller } from '../auth/caller.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { forbidden, notFound, unauthenticated } from '../errors/app-error.js';
import { listProducts as selectProducts, useSearchThreshold } from './product-queries.js';
import { storeExists } from './stock-queries.js';

/**
 * The shop's products by name (or, with `q`, best matches first), with their stock at `storeId` (else at the default store); inactive ones only
 * for admins who ask with `all=true`.
 */
export async function listProducts(
  deps: { pool: Pool },
  input: { caller: Caller | null; query: z.output<typeof productsQuerySchema> },
): Promise<Page<Product>> {
  const { all, ...query } = input.query;
  if (all) {
    if (!input.caller) throw unauthenticated('Sign in as an admin to list inactive products');
    if (input.caller.role !== 'admin') throw forbidden('Only admins may list inactive products');
  }
  if (query.storeId && !(await storeExists(deps.pool, query.storeId))) throw notFound('Store');
  const filter = { ...query, includeInactive: all === true };
  if (!filter.q) return selectProducts(deps.pool, filter);
  // A search tolerates a typo: its threshold is set for its transaction only.
  return withTransaction(deps.pool, async (tx) => {
    await useSearchThreshold(tx);
    return selectProducts(tx, filter);
  });
}
