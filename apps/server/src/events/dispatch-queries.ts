import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { type EventRow, eventRowColumns, type LoggedEvent, toLoggedEvent } from './logged-event.js';

/**
 * Stamps the public `seq` on committed, not yet stamped events, oldest id first, in one statement. Only the
 * elected sequencer runs this (on the connection that holds the advisory lock), so `max(seq)` cannot move
 * under it and the seqs it hands out continue the log with no gap. An event is only visible here once its
 * transaction has committed, so a reader that follows `seq` never skips one that commits late.
 */
export async function stampPendingEvents(db: Queryable, limit: number, encryption: Encryption): Promise<LoggedEvent[]> {
  const { rows } = await db.query<EventRow>({
    name: 'events.stamp',
    text: `WITH pending AS (
       SELECT id FROM events WHERE seq IS NULL ORDER BY id LIMIT $1 FOR UPDATE
     ), numbered AS (
       SELECT id, row_number() OVER (ORDER BY id) AS n FROM pending
     )
     UPDATE events e
     SET seq = (SELECT COALESCE(max(seq), 0) FROM events) + numbered.n, dispatched_at = now()
     FROM numbered
     WHERE e.id = numbered.id
     RETURNING ${eventRowColumns('e')}`,
    values: [limit],
  });
  return rows.sort((a, b) => a.seq - b.seq).map((row) => toLoggedEvent(row, encryption));
}

/** The highest stamped seq (0 for an empty log). */
export async function selectLastSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ last: number }>('SELECT COALESCE(max(seq), 0)::bigint AS last FROM events');
  return rows[0]!.last;
}

/** Stamped events after `afterSeq`, in seq order: how a node fills a gap in what it received. */
export async function selectEventsAfter(
  db: Queryable,
  afterSeq: number,
  limit: number,
  encryption: Encryption,
): Promise<LoggedEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${eventRowColumns('events')} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
  return rows.map((row) => toLoggedEvent(row, encryption));
}

/** Stamped events with fromSeq <= seq <= toSeq, in seq order (admin replay). */
export async function selectEventRange(
  db: Queryable,
  range: { fromSeq: number; toSeq: number; limit: number },
  encryption: Encryption,
): Promise<LoggedEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${eventRowColumns('events')} FROM events WHERE seq BETWEEN $1 AND $2 ORDER BY seq LIMIT $3`,
    [range.fromSeq, range.toSeq, range.limit],
  );
  return rows.map((row) => toLoggedEvent(row, encryption));
}
