import { activeOrderStatuses } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';

export interface ActiveDelivery {
  orderId: string;
  customerId: string;
}

/**
 * The orders a partner holds right now (read-only, on the orders module's table and its
 * orders_active_partner_idx): whose customers watch that partner's position.
 */
export async function selectActiveDeliveries(db: Queryable, partnerId: string): Promise<ActiveDelivery[]> {
  const { rows } = await db.query<{ id: string; customer_id: string }>(
    `SELECT id, customer_id FROM orders
     WHERE partner_id = $1 AND status = ANY($2::text[])
     ORDER BY created_at`,
    [partnerId, activeOrderStatuses],
  );
  return rows.map((row) => ({ orderId: row.id, customerId: row.customer_id }));
}
