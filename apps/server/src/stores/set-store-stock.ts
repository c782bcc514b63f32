import type { StoreStockItem } from '@swyft/contract';
import { setStockLevels } from '../catalog/set-stock-levels.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { notFound } from '../errors/app-error.js';
import { findStoreById } from './store-queries.js';

/**
 * `PUT /stores/:id/stock`: an admin sets the stock levels of many products at one store, all or nothing
 * (an unknown product is a 400 naming its line, and nothing is written), with one `stock.updated` event.
 */
export async function setStoreStock(
  deps: { pool: Pool },
  input: { adminId: string; storeId: string; items: StoreStockItem[]; correlationId: string },
): Promise<StoreStockItem[]> {
  return withTransaction(deps.pool, async (tx) => {
    if (!(await findStoreById(tx, input.storeId))) throw notFound('Store');
    return setStockLevels(tx, {
      storeId: input.storeId,
      items: input.items,
      actor: { id: input.adminId, role: 'admin' },
      correlationId: input.correlationId,
    });
  });
}
