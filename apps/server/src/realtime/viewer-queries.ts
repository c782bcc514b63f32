import type { OrderStatus } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { EVENT_ROW_COLUMNS, type EventRow, type LoggedEvent, toLoggedEvent } from '../events/logged-event.js';
import type { OrderParties } from '../orders/order-state-machine.js';
import type { Viewer } from './rooms.js';

/**
 * A logged event with what a resume needs to judge it by today's visibility (`resumeView` in rooms.ts):
 * its order as it stands now, and this viewer's history with that order.
 */
export interface ResumeCandidate {
  logged: LoggedEvent;
  /** The event's order now; undefined for an event about no order. */
  order: OrderParties | undefined;
  /** The viewer declined this order's offer or gave the order back. */
  declinedByViewer: boolean;
  /** An offer of this order is in the log at or before the client's lastSeq (the client may be showing it). */
  offeredBeforeResume: boolean;
}

interface CandidateRow extends EventRow {
  order_status: OrderStatus | null;
  order_customer_id: string | null;
  order_partner_id: string | null;
  declined_by_viewer: boolean;
  offered_before_resume: boolean;
}

const columns = EVENT_ROW_COLUMNS.split(', ')
  .map((column) => `e.${column}`)
  .join(', ');

/**
 * One page of the log in (`afterSeq`, `upToSeq`], in seq order, that may concern the viewer: everything for
 * admins; otherwise the events of orders they own or hold now, for an online partner the offers of open
 * orders and (resuming from `resumeFrom` > 0) the events that took out of `placed` an order offered at or
 * before `resumeFrom`, and the events about no order addressed to them. This only narrows the log down with
 * the indexes; `resumeView` decides, with `relationTo`, what the viewer gets. Each branch is an index scan of
 * its own cut to one page, so a resume from 0 does not walk the whole log for a user with few orders, and a
 * resume from 1 does not walk every accept and cancel.
 */
export async function selectResumeCandidates(
  db: Queryable,
  page: { viewer: Viewer; resumeFrom: number; afterSeq: number; upToSeq: number; limit: number },
): Promise<ResumeCandidate[]> {
  const { viewer } = page;
  if (viewer.role === 'admin') {
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_ROW_COLUMNS} FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [page.afterSeq, page.upToSeq, page.limit],
    );
    return rows.map((row) => ({
      logged: toLoggedEvent(row),
      order: undefined,
      declinedByViewer: false,
      offeredBeforeResume: false,
    }));
  }
  const inRange = 'e.seq > $1 AND e.seq <= $2 ORDER BY e.seq LIMIT $6';
  const { rows } = await db.query<CandidateRow>(
    `WITH candidate AS (
       (SELECT e.seq FROM events e JOIN orders o ON o.id = e.order_id
        WHERE (o.customer_id = $3 OR o.partner_id = $3) AND ${inRange})
       UNION (SELECT e.seq FROM events e JOIN orders o ON o.id = e.order_id
              WHERE $4::boolean AND o.status = 'placed' AND e.to_online_partners AND ${inRange})
       UNION (SELECT e.seq FROM events e JOIN events offer ON offer.order_id = e.order_id
              WHERE $4::boolean AND offer.to_online_partners AND offer.seq <= $5 AND e.data->>'from' = 'placed'
                AND ${inRange})
       UNION (SELECT e.seq FROM events e
              WHERE e.order_id IS NULL AND e.audience_user_ids @> ARRAY[$3::uuid] AND ${inRange})
     )
     SELECT ${columns}, o.status AS order_status, o.customer_id AS order_customer_id,
       o.partner_id AS order_partner_id,
       (o.status = 'placed' AND EXISTS (SELECT 1 FROM order_declines d
                                        WHERE d.order_id = e.order_id AND d.partner_id = $3)) AS declined_by_viewer,
       CASE WHEN $4::boolean AND e.data->>'from' = 'placed'
         THEN EXISTS (SELECT 1 FROM events offer
                      WHERE offer.order_id = e.order_id AND offer.to_online_partners AND offer.seq <= $5)
         ELSE false END AS offered_before_resume
     FROM candidate c
     JOIN events e ON e.seq = c.seq
     LEFT JOIN orders o ON o.id = e.order_id
     ORDER BY e.seq
     LIMIT $6`,
    [page.afterSeq, page.upToSeq, viewer.userId, viewer.isOnlinePartner, page.resumeFrom, page.limit],
  );
  return rows.map((row) => ({
    logged: toLoggedEvent(row),
    order: row.order_status
      ? { status: row.order_status, customerId: row.order_customer_id!, partnerId: row.order_partner_id }
      : undefined,
    declinedByViewer: row.declined_by_viewer,
    offeredBeforeResume: row.offered_before_resume,
  }));
}
