import type { PoolClient } from '../db/pool.js';
import { returnStock as returnStockRows, type StockLine } from './stock-queries.js';

/** Puts an order's quantities back on its store's shelf, inside the caller's transaction (a cancelled order). */
export async function returnStock(tx: PoolClient, storeId: string, lines: StockLine[]): Promise<void> {
  if (lines.length > 0) await returnStockRows(tx, storeId, lines);
}
