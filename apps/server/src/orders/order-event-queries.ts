import type { SwyftEvent } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { type EventRow, eventRowColumns, toEventDto } from '../events/logged-event.js';
import { decodeCursor, toPage } from '../pagination/keyset-cursor.js';
import type { Encryption } from '../platform/encryption.js';

import type { OrderEventScope } from './order-state-machine.js';

/**
 * An order's dispatched events (those with a `seq`), oldest first, within the viewer's scope (the same test
 * as `isInEventScope`, on the audience columns). The cursor is the last seq seen.
 */
export async function listOrderEvents(
  db: Queryable,
  filter: { orderId: string; viewerId: string; scope: OrderEventScope; limit: number; cursor?: string },
  encryption: Encryption,
): Promise<{ items: SwyftEvent[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, 'number');
  const { scope } = filter;
  const { rows } = await db.query<EventRow>(
    `SELECT ${eventRowColumns('events')} FROM events
     WHERE order_id = $1 AND seq IS NOT NULL
       AND ($2::boolean OR ($3::boolean AND $4 = ANY (audience_user_ids)) OR ($5::boolean AND to_online_partners))
       AND ($6::bigint IS NULL OR seq > $6)
     ORDER BY seq
     LIMIT $7`,
    [filter.orderId, scope.all, scope.addressed, filter.viewerId, scope.offers, after?.key ?? null, filter.limit + 1],
  );
  return toPage(
    rows,
    filter.limit,
    (row) => toEventDto(row, encryption),
    (row) => ({ key: row.seq, id: filter.orderId }),
  );
}
