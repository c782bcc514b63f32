import { activeOrderStatuses } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';

export interface ActiveDelivery {
  orderId: string;
  customerId: string;
}

/** The orders a partner holds right now (orders_active_partner_idx): whose customers watch that partner. */
export async function selectActiveDeliveries(db: Queryable, partnerId: string): Promise<ActiveDelivery[]> {
  const { rows } = await db.query<{ id: string; customer_id: string }>(
    `SELECT id, customer_id FROM orders
     WHERE partner_id = $1 AND status = ANY($2::text[])
     ORDER BY created_at`,
    [partnerId, activeOrderStatuses],
  );
  return rows.map((row) => ({ orderId: row.id, customerId: row.customer_id }));
}

/** A customer's orders that a partner holds right now, with that partner. */
export async function selectCustomerDeliveries(
  db: Queryable,
  customerId: string,
): Promise<{ orderId: string; partnerId: string }[]> {
  const { rows } = await db.query<{ id: string; partner_id: string }>(
    `SELECT id, partner_id FROM orders
     WHERE customer_id = $1 AND status = ANY($2::text[]) AND partner_id IS NOT NULL`,
    [customerId, activeOrderStatuses],
  );
  return rows.map((row) => ({ orderId: row.id, partnerId: row.partner_id }));
}
