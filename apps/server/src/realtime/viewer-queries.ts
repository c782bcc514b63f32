import type { Queryable } from '../db/pool.js';
import { EVENT_ROW_COLUMNS, type EventRow, type LoggedEvent, toLoggedEvent } from '../events/logged-event.js';
import type { Viewer } from './rooms.js';

/**
 * One page of the log after `afterSeq` (up to `upToSeq`) that a viewer may see, in seq order: everything
 * for admins; otherwise the events addressed to them, plus, for an online partner, offers and the events
 * that withdraw an offer (the caller turns those into `offer.withdrawn`).
 */
export async function selectViewerEvents(
  db: Queryable,
  page: { viewer: Viewer; afterSeq: number; upToSeq: number; limit: number },
): Promise<LoggedEvent[]> {
  const { viewer } = page;
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_ROW_COLUMNS} FROM events
     WHERE seq > $1 AND seq <= $2
       AND ($3::boolean
            OR audience_user_ids @> ARRAY[$4::uuid]
            OR ($5::boolean AND (to_online_partners OR data->>'from' = 'placed')))
     ORDER BY seq
     LIMIT $6`,
    [page.afterSeq, page.upToSeq, viewer.isAdmin, viewer.userId, viewer.isOnlinePartner, page.limit],
  );
  return rows.map(toLoggedEvent);
}
