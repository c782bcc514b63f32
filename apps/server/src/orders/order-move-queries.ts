import type { ActorRole, OrderStatus, PaymentStatus, TimelineEntry } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';

export interface OrderMove {
  orderId: string;
  status: OrderStatus;
  partnerId: string | null;
  paymentStatus: PaymentStatus;
  /** Index of the new timeline entry (the number of entries so far). */
  position: number;
  actor: { id: string; role: ActorRole };
}

/**
 * Writes a move: the order's new state and its timeline entry, stamped with one clock reading taken while the
 * order row is locked (so an order's timeline is in order even when moves queued for the lock). Answers when
 * it happened and the name of the partner now holding it.
 */
export async function updateOrderMove(
  db: Queryable,
  move: OrderMove,
): Promise<{ at: Date; partnerName: string | null }> {
  const { rows } = await db.query<{ at: Date; partner_name: string | null }>({
    name: 'orders.move',
    text: `WITH clock AS (SELECT clock_timestamp() AS at),
     moved AS (
       UPDATE orders o SET status = $2, partner_id = $3, payment_status = $4, updated_at = clock.at,
         delivered_at = CASE WHEN $2 = 'delivered' THEN clock.at ELSE o.delivered_at END
       FROM clock WHERE o.id = $1
       RETURNING o.id, o.updated_at
     )
     INSERT INTO order_timeline (order_id, position, status, at, actor_id, actor_role)
     SELECT id, $5, $2, updated_at, $6, $7 FROM moved
     RETURNING at, (SELECT u.name FROM users u WHERE u.id = $3) AS partner_name`,
    values: [
      move.orderId,
      move.status,
      move.partnerId,
      move.paymentStatus,
      move.position,
      move.actor.id,
      move.actor.role,
    ],
  });
  return { at: rows[0]!.at, partnerName: rows[0]!.partner_name };
}

/** Remembers that a partner turned an offer down (idempotent). */
export async function insertDecline(db: Queryable, orderId: string, partnerId: string): Promise<void> {
  await db.query(
    `INSERT INTO order_declines (order_id, partner_id) VALUES ($1, $2) ON CONFLICT (order_id, partner_id) DO NOTHING`,
    [orderId, partnerId],
  );
}

export function toTimelineEntry(status: OrderStatus, at: Date, actor: { id: string; role: ActorRole }): TimelineEntry {
  return { status, at: at.toISOString(), actorId: actor.id, actorRole: actor.role };
}
