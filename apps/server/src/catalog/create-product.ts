import type { Product } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { insertProduct, type NewProduct } from './product-queries.js';

/** An admin (or a key with `catalog:write`) adds a product; `product.created` is appended in the same transaction. */
export async function createProduct(
  deps: { pool: Pool },
  input: { actor: Caller; product: NewProduct; correlationId: string },
): Promise<Product> {
  return withTransaction(deps.pool, async (tx) => {
    const product = await insertProduct(tx, input.product);
    await appendEvent(tx, {
      type: 'product.created',
      actor: input.actor,
      data: { product },
      correlationId: input.correlationId,
    });
    return product;
  });
}
