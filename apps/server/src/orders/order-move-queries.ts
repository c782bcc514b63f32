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
  /** When the step was made, if not now (a partner's `actedAt`). */
  actedAt: Date | null;
  /** A delivery made far from the destination (API.md, "Proof of delivery"). */
  flagged: boolean;
}

/**
 * Writes a move: the order's new state and its timeline entry, stamped with one clock reading taken while the
 * order row is locked (so an order's timeline is in order even when moves queued for the lock). The entry's
 * `at` is when the step was made (`actedAt`, else now), raised to the latest entry's `at` when earlier, so a
 * timeline never goes back in time; `recorded_at` is the clock reading. Answers both and the name of the
 * partner now holding it.
 */
export async function updateOrderMove(
  db: Queryable,
  move: OrderMove,
): Promise<{ at: Date; recordedAt: Date; partnerName: string | null }> {
  const { rows } = await db.query<{ at: Date; recorded_at: Date; partner_name: string | null }>({
    name: 'orders.move',
    text: `WITH clock AS (
       SELECT c.now, GREATEST(COALESCE($8::timestamptz, c.now),
                              (SELECT max(t.at) FROM order_timeline t WHERE t.order_id = $1)) AS at
       FROM (SELECT clock_timestamp() AS now) c
     ),
     moved AS (
       UPDATE orders o SET status = $2, partner_id = $3, payment_status = $4, updated_at = clock.now,
         delivered_at = CASE WHEN $2 = 'delivered' THEN clock.at ELSE o.delivered_at END,
         delivery_flagged = CASE WHEN $2 = 'delivered' THEN $9 ELSE o.delivery_flagged END
       FROM clock WHERE o.id = $1
       RETURNING o.id, clock.at, clock.now
     )
     INSERT INTO order_timeline (order_id, position, status, at, recorded_at, actor_id, actor_role)
     SELECT id, $5, $2, at, now, $6, $7 FROM moved
     RETURNING at, recorded_at, (SELECT u.name FROM users u WHERE u.id = $3) AS partner_name`,
    values: [
      move.orderId,
      move.status,
      move.partnerId,
      move.paymentStatus,
      move.position,
      move.actor.id,
      move.actor.role,
      move.actedAt,
      move.flagged,
    ],
  });
  const row = rows[0]!;
  return { at: row.at, recordedAt: row.recorded_at, partnerName: row.partner_name };
}

/** Remembers that a partner turned an offer down (idempotent). */
export async function insertDecline(db: Queryable, orderId: string, partnerId: string): Promise<void> {
  await db.query(
    `INSERT INTO order_declines (order_id, partner_id) VALUES ($1, $2) ON CONFLICT (order_id, partner_id) DO NOTHING`,
    [orderId, partnerId],
  );
}

export function toTimelineEntry(
  status: OrderStatus,
  at: Date,
  actor: { id: string; role: ActorRole },
  recordedAt: Date = at,
): TimelineEntry {
  return {
    status,
    at: at.toISOString(),
    actorId: actor.id,
    actorRole: actor.role,
    recordedAt: recordedAt.toISOString(),
  };
}
