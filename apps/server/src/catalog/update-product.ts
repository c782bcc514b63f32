import type { Product } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { notFound } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { findProductById, type NewProduct, updateProduct as updateProductRow } from './product-queries.js';
import { appendStockUpdated } from './set-stock-levels.js';
import { findDefaultStoreId, setStockLevels } from './stock-queries.js';

/**
 * An admin changes a product's name, description, price, stock (an absolute level at the default store: what
 * is on its shelf now) or whether it is sold. Orders already placed keep the name and price they were placed with.
 */
export async function updateProduct(
  deps: { pool: Pool },
  input: { adminId: string; productId: string; changes: Partial<NewProduct>; correlationId: string },
): Promise<Product> {
  const actor = { id: input.adminId, role: 'admin' } as const;
  return withTransaction(deps.pool, async (tx) => {
    const { stock, ...fields } = input.changes;
    if (!(await updateProductRow(tx, input.productId, fields))) throw notFound('Product');
    const storeId = stock === undefined ? undefined : await findDefaultStoreId(tx);
    const items = stock === undefined ? [] : [{ productId: input.productId, stock }];
    if (storeId) await setStockLevels(tx, storeId, items);
    const product = (await findProductById(tx, input.productId))!;
    await appendEvent(tx, {
      type: 'product.updated',
      actor,
      data: {
        product,
        changed: Object.keys(input.changes).filter((key) => input.changes[key as keyof NewProduct] !== undefined),
      },
      correlationId: input.correlationId,
    });
    if (storeId) await appendStockUpdated(tx, { storeId, items, actor, correlationId: input.correlationId });
    return product;
  });
}
