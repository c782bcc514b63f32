import type { Order, Page } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { listOpenOffers } from './order-queries.js';

/** Open offers for a partner, oldest first, without those this partner declined or gave back. */
export function listUnassignedOrders(
  deps: { pool: Queryable; encryption: Encryption },
  input: { partnerId: string; limit: number; cursor?: string },
): Promise<Page<Order>> {
  return listOpenOffers(deps.pool, input, deps.encryption);
}
