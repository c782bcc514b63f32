import type { Page, Store, storesQuerySchema } from '@swyft/contract';
import type { z } from 'zod';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { forbidden, unauthenticated } from '../errors/app-error.js';
import { listStores as selectStores } from './store-queries.js';

/** The stores by name; closed ones only for admins who ask with `all=true`. */
export async function listStores(
  deps: { pool: Queryable },
  input: { caller: Caller | null; query: z.output<typeof storesQuerySchema> },
): Promise<Page<Store>> {
  const { all, ...query } = input.query;
  if (all) {
    if (!input.caller) throw unauthenticated('Sign in as an admin to list closed stores');
    if (input.caller.role !== 'admin') throw forbidden('Only admins may list closed stores');
  }
  return selectStores(deps.pool, { ...query, includeInactive: all === true });
}
