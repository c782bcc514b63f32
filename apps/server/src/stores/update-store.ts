import type { Store } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { notFound } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { assertValidArea } from './geometry.js';
import { type NewStore, updateStore as updateStoreRow } from './store-queries.js';

/**
 * An admin changes a store: name, address, location, delivery area (null: anywhere), preparation time, or
 * whether it is open. Orders already placed keep the store that serves them.
 */
export async function updateStore(
  deps: { pool: Pool },
  input: { adminId: string; storeId: string; changes: Partial<NewStore>; correlationId: string },
): Promise<Store> {
  if (input.changes.deliveryArea) assertValidArea(input.changes.deliveryArea);
  return withTransaction(deps.pool, async (tx) => {
    const store = await updateStoreRow(tx, input.storeId, input.changes);
    if (!store) throw notFound('Store');
    await appendEvent(tx, {
      type: 'store.updated',
      actor: { id: input.adminId, role: 'admin' },
      data: {
        store,
        changed: Object.keys(input.changes).filter((key) => input.changes[key as keyof NewStore] !== undefined),
      },
      correlationId: input.correlationId,
    });
    return store;
  });
}
