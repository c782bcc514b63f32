import type { InsufficientStockDetails } from '@swyft/contract';
import type { PoolClient } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { findStockLevels, type StockLine, type TakenLine, takeStock as takeStockRows } from './stock-queries.js';

/**
 * Takes the stock of every line at one store inside the caller's transaction, all or nothing: when a line is short (or its
 * product unknown or no longer sold), it throws 409 `insufficient_stock` naming every short line, and the
 * caller's rollback returns whatever this statement took. Answers the lines in request order, with the name
 * and price each was sold at.
 */
export async function takeStock(tx: PoolClient, storeId: string, lines: StockLine[]): Promise<TakenLine[]> {
  const taken = new Map((await takeStockRows(tx, storeId, lines)).map((line) => [line.productId, line]));
  if (taken.size === lines.length) return lines.map((line) => taken.get(line.productId)!);

  const levels = await findStockLevels(
    tx,
    storeId,
    lines.filter((line) => !taken.has(line.productId)).map((line) => line.productId),
  );
  const short: InsufficientStockDetails['lines'] = [];
  lines.forEach((line, index) => {
    if (taken.has(line.productId)) return;
    const level = levels.get(line.productId);
    short.push({
      index,
      productId: line.productId,
      requested: line.quantity,
      available: level?.active ? level.stock : 0,
      reason: !level ? 'not_found' : !level.active ? 'inactive' : 'insufficient_stock',
    });
  });
  const details: InsufficientStockDetails = { lines: short };
  throw new AppError(
    'insufficient_stock',
    `Not enough stock for ${short.length} ${short.length === 1 ? 'item' : 'items'}`,
    details,
  );
}
