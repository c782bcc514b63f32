import type { Order, Page } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { withHandoverCodes } from './handover.js';
import { listCustomerOrders } from './order-queries.js';

/** A customer's own orders, newest first, each active one with its handover code (API.md, "Proof of delivery"). */
export async function listMyOrders(
  deps: { pool: Queryable; encryption: Encryption; config: { handoverCode: boolean } },
  input: { customer: Caller; limit: number; cursor?: string },
): Promise<Page<Order>> {
  const page = await listCustomerOrders(deps.pool, { ...input, customerId: input.customer.id }, deps.encryption);
  const items = await withHandoverCodes(deps.pool, page.items, input.customer, { enabled: deps.config.handoverCode });
  return { ...page, items };
}
