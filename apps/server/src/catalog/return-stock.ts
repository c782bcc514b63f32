import type { PoolClient } from '../db/pool.js';
import { returnStock as returnStockRows, type StockLine } from './product-queries.js';

/** Puts an order's quantities back on the shelf, inside the caller's transaction (a cancelled order). */
export async function returnStock(tx: PoolClient, lines: StockLine[]): Promise<void> {
  if (lines.length > 0) await returnStockRows(tx, lines);
}
