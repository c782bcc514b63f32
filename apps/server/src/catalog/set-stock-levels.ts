import type { EventActor, StoreStockItem } from '@swyft/contract';
import type { PoolClient } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { findExistingProductIds, setStockLevels as writeStockLevels } from './stock-queries.js';

/**
 * Sets absolute stock levels at one store inside the caller's transaction, with its `stock.updated` event;
 * all or nothing: when a line names a product that does not exist, nothing is written and the 400 names
 * every such line (`body.items.<index>.productId`). The store must exist (the caller has checked).
 */
export async function setStockLevels(
  tx: PoolClient,
  input: { storeId: string; items: StoreStockItem[]; actor: EventActor; correlationId: string },
): Promise<StoreStockItem[]> {
  const existing = await findExistingProductIds(
    tx,
    input.items.map((item) => item.productId),
  );
  const unknown = input.items.flatMap((item, index) =>
    existing.has(item.productId) ? [] : [{ path: `body.items.${index}.productId`, message: 'no such product' }],
  );
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      `${unknown[0]!.path}: no such product${unknown.length > 1 ? ` (and ${unknown.length - 1} more lines)` : ''}`,
      { fields: unknown },
    );
  }
  await writeStockLevels(tx, input.storeId, input.items);
  await appendStockUpdated(tx, input);
  return input.items;
}

/** The `stock.updated` event of levels written in the caller's transaction. */
export async function appendStockUpdated(
  tx: PoolClient,
  input: { storeId: string; items: StoreStockItem[]; actor: EventActor; correlationId: string },
): Promise<void> {
  await appendEvent(tx, {
    type: 'stock.updated',
    actor: input.actor,
    data: { storeId: input.storeId, items: input.items },
    correlationId: input.correlationId,
  });
}
