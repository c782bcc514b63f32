import type { Product } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { findProductById, insertProduct, type NewProduct } from './product-queries.js';
import { appendStockUpdated } from './set-stock-levels.js';
import { findDefaultStoreId, setStockLevels } from './stock-queries.js';

/**
 * An admin adds a product; its `stock` is put on the default store's shelf (`stock.updated`), and
 * `product.created` is appended in the same transaction.
 */
export async function createProduct(
  deps: { pool: Pool },
  input: { adminId: string; product: NewProduct; correlationId: string },
): Promise<Product> {
  const actor = { id: input.adminId, role: 'admin' } as const;
  return withTransaction(deps.pool, async (tx) => {
    const { stock, ...fields } = input.product;
    const productId = await insertProduct(tx, fields);
    const storeId = await findDefaultStoreId(tx);
    const items = [{ productId, stock }];
    if (storeId) await setStockLevels(tx, storeId, items);
    const product = (await findProductById(tx, productId))!;
    await appendEvent(tx, { type: 'product.created', actor, data: { product }, correlationId: input.correlationId });
    if (storeId) await appendStockUpdated(tx, { storeId, items, actor, correlationId: input.correlationId });
    return product;
  });
}
