import type { OrderStatus } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { type ResumeCandidate, type Viewer, withdrawsOfferSql } from '../events/audience.js';
import { type EventRow, eventRowColumns, toLoggedEvent } from '../events/logged-event.js';
import type { Encryption } from '../platform/encryption.js';

type CandidateRow = EventRow & {
  order_status: OrderStatus | null;
  order_customer_id: string | null;
  order_partner_id: string | null;
  order_offered_to: string[] | null;
  declined_by_viewer: boolean;
  offered_before_resume: boolean;
};

const columns = eventRowColumns('e');

/**
 * One page of the log in (`afterSeq`, `upToSeq`], in seq order, that may concern the viewer: everything for
 * admins; otherwise the events of orders they own or hold now, for an online partner the offers of open
 * orders and (resuming from `resumeFrom` > 0) the events that took out of `placed` an order offered at or
 * before `resumeFrom`, and the events about no order addressed to them. This only narrows the log down with
 * the indexes; `shapeFor` (audience.ts) decides, with `relationTo`, what the viewer gets. Each branch is an index scan of
 * its own cut to one page, so a resume from 0 does not walk the whole log for a user with few orders, and a
 * resume from 1 does not walk every accept and cancel.
 */
export async function selectResumeCandidates(
  db: Queryable,
  page: { viewer: Viewer; resumeFrom: number; afterSeq: number; upToSeq: number; limit: number },
  encryption: Encryption,
): Promise<ResumeCandidate[]> {
  const { viewer } = page;
  if (viewer.role === 'admin') {
    const { rows } = await db.query<EventRow>(
      `SELECT ${eventRowColumns('events')} FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [page.afterSeq, page.upToSeq, page.limit],
    );
    return rows.map((row) => ({
      logged: toLoggedEvent(row, encryption),
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
       UNION (SELECT e.seq FROM events e JOIN orders o ON o.id = e.order_id
              WHERE o.status = 'placed' AND e.offer_partner_ids @> ARRAY[$3::uuid] AND e.offer_partner_ids <> '{}'
                AND e.type = 'order.offered' AND ${inRange})
       UNION (SELECT e.seq FROM events e JOIN events offer ON offer.order_id = e.order_id
              WHERE $4::boolean AND offer.to_online_partners AND offer.seq <= $5 AND ${withdrawsOfferSql('e')}
                AND ${inRange})
       UNION (SELECT e.seq FROM events e JOIN events offer ON offer.order_id = e.order_id
              WHERE offer.offer_partner_ids @> ARRAY[$3::uuid] AND offer.offer_partner_ids <> '{}'
                AND offer.type = 'order.offered' AND offer.seq <= $5 AND ${withdrawsOfferSql('e')} AND ${inRange})
       UNION (SELECT e.seq FROM events e
              WHERE e.order_id IS NULL AND e.audience_user_ids @> ARRAY[$3::uuid] AND ${inRange})
     )
     SELECT ${columns}, o.status AS order_status, o.customer_id AS order_customer_id,
       o.partner_id AS order_partner_id,
       (SELECT f.partner_ids FROM order_offers f WHERE f.order_id = o.id AND f.ended_at IS NULL) AS order_offered_to,
       (o.status = 'placed' AND EXISTS (SELECT 1 FROM order_declines d
                                        WHERE d.order_id = e.order_id AND d.partner_id = $3)) AS declined_by_viewer,
       CASE WHEN ${withdrawsOfferSql('e')}
         THEN EXISTS (SELECT 1 FROM events offer
                      WHERE offer.order_id = e.order_id AND offer.seq <= $5
                        AND (offer.to_online_partners
                             OR (offer.type = 'order.offered' AND offer.offer_partner_ids @> ARRAY[$3::uuid])))
         ELSE false END AS offered_before_resume
     FROM candidate c
     JOIN events e ON e.seq = c.seq
     LEFT JOIN orders o ON o.id = e.order_id
     ORDER BY e.seq
     LIMIT $6`,
    [page.afterSeq, page.upToSeq, viewer.userId, viewer.isOnlinePartner, page.resumeFrom, page.limit],
  );
  return rows.map((row) => {
    // Only the event's own columns go into the event.
    const {
      order_status,
      order_customer_id,
      order_partner_id,
      order_offered_to,
      declined_by_viewer,
      offered_before_resume,
      ...event
    } = row;
    return {
      logged: toLoggedEvent(event, encryption),
      order: order_status
        ? {
            status: order_status,
            customerId: order_customer_id!,
            partnerId: order_partner_id,
            offeredTo: order_offered_to,
          }
        : undefined,
      declinedByViewer: declined_by_viewer,
      offeredBeforeResume: offered_before_resume,
    };
  });
}
