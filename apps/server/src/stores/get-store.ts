import type { Store } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { notFound } from '../errors/app-error.js';
import { findStoreById } from './store-queries.js';

/** One store. A closed store is visible to admins only, like in the list. */
export async function getStore(
  deps: { pool: Queryable },
  input: { caller: Caller | null; storeId: string },
): Promise<Store> {
  const store = await findStoreById(deps.pool, input.storeId);
  if (!store || (!store.active && input.caller?.role !== 'admin')) throw notFound('Store');
  return store;
}
