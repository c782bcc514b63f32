import type { Store } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { assertValidArea } from './geometry.js';
import { insertStore, type NewStore } from './store-queries.js';

/** An admin opens a store; `store.created` (admins only) is appended in the same transaction. */
export async function createStore(
  deps: { pool: Pool },
  input: { adminId: string; store: NewStore; correlationId: string },
): Promise<Store> {
  if (input.store.deliveryArea) assertValidArea(input.store.deliveryArea);
  return withTransaction(deps.pool, async (tx) => {
    const store = await insertStore(tx, input.store);
    await appendEvent(tx, {
      type: 'store.created',
      actor: { id: input.adminId, role: 'admin' },
      data: { store },
      correlationId: input.correlationId,
    });
    return store;
  });
}
