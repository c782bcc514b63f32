import type { Role, SwyftEvent } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { EVENT_ROW_COLUMNS, type EventRow, toEventDto } from '../events/logged-event.js';
import { decodeCursor, toPage } from '../http/pagination.js';

/**
 * An order's dispatched events (those with a `seq`), oldest first, that the viewer may see: admins all of
 * them, others those addressed to them, and partners the offers. The cursor is the last seq seen.
 */
export async function listOrderEvents(
  db: Queryable,
  filter: { orderId: string; viewer: { id: string; role: Role }; limit: number; cursor?: string },
): Promise<{ items: SwyftEvent[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, 'number');
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_ROW_COLUMNS} FROM events
     WHERE order_id = $1 AND seq IS NOT NULL
       AND ($2::boolean OR $3 = ANY (audience_user_ids) OR (to_online_partners AND $4::boolean))
       AND ($5::bigint IS NULL OR seq > $5)
     ORDER BY seq
     LIMIT $6`,
    [
      filter.orderId,
      filter.viewer.role === 'admin',
      filter.viewer.id,
      filter.viewer.role === 'partner',
      after?.key ?? null,
      filter.limit + 1,
    ],
  );
  return toPage(rows, filter.limit, toEventDto, (row) => ({ key: row.seq, id: filter.orderId }));
}
