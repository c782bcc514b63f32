import type { Order, Page } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { listPartnerOrders } from './order-queries.js';

/** The orders a partner holds (active first) and has held (delivered or cancelled), each newest first. */
export function listAssignedOrders(
  deps: { pool: Queryable; encryption: Encryption },
  input: { partnerId: string; limit: number; cursor?: string },
): Promise<Page<Order>> {
  return listPartnerOrders(deps.pool, input, deps.encryption);
}
