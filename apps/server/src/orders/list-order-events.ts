import type { Page, SwyftEvent } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { findVisibleOrder } from './get-order.js';
import { listOrderEvents as selectOrderEvents } from './order-event-queries.js';
import { orderEventScopes } from './order-state-machine.js';

/** The events of an order the caller may see, oldest first; only those already given a `seq` by dispatch. */
export async function listOrderEvents(
  deps: { pool: Queryable; encryption: Encryption },
  input: { orderId: string; caller: Caller; limit: number; cursor?: string },
): Promise<Page<SwyftEvent>> {
  const { relation } = await findVisibleOrder(deps.pool, deps.encryption, {
    orderId: input.orderId,
    caller: input.caller,
  });
  return selectOrderEvents(
    deps.pool,
    {
      orderId: input.orderId,
      viewerId: input.caller.id,
      scope: orderEventScopes[relation],
      limit: input.limit,
      cursor: input.cursor,
    },
    deps.encryption,
  );
}
