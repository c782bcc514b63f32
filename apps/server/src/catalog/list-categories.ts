import type { CategoriesResponse } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { selectCategories } from './product-queries.js';

/** The shop's categories (of active products), by name, with their product counts: the customer's chips. */
export async function listCategories(deps: { pool: Queryable }): Promise<CategoriesResponse> {
  return { items: await selectCategories(deps.pool) };
}
