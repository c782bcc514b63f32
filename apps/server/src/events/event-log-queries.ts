import type { EventType, SwyftEvent } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { type EventRow, eventRowColumns, toEventDto } from './logged-event.js';

/** Stamped events after `afterSeq`, oldest first, optionally of one type or one order; `limit + 1` rows. */
export async function selectLogPage(
  db: Queryable,
  filter: { afterSeq: number; type?: EventType; orderId?: string; limit: number },
  encryption: Encryption,
): Promise<SwyftEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${eventRowColumns('events')} FROM events
     WHERE seq > $1
       AND ($2::text IS NULL OR type = $2)
       AND ($3::uuid IS NULL OR order_id = $3)
     ORDER BY seq
     LIMIT $4`,
    [filter.afterSeq, filter.type ?? null, filter.orderId ?? null, filter.limit + 1],
  );
  return rows.map((row) => toEventDto(row, encryption));
}

export async function countEventsByType(db: Queryable): Promise<{ type: EventType; count: number }[]> {
  const { rows } = await db.query<{ type: EventType; count: number }>(
    'SELECT type, count(*)::int AS count FROM events GROUP BY type',
  );
  return rows;
}

/** Events appended in each of the last 60 minutes, the current one last, zero included. */
export async function countEventsPerMinute(db: Queryable): Promise<{ minute: Date; count: number }[]> {
  const { rows } = await db.query<{ minute: Date; count: number }>(
    `SELECT m.minute, count(e.at)::int AS count
     FROM generate_series(date_trunc('minute', now()) - interval '59 minutes', date_trunc('minute', now()),
                          interval '1 minute') AS m(minute)
     LEFT JOIN events e ON e.at >= m.minute AND e.at < m.minute + interval '1 minute'
     GROUP BY m.minute
     ORDER BY m.minute`,
  );
  return rows;
}

/** Time from append to stamp over the events appended in the last `minutes`. */
export async function measureDispatchLag(
  db: Queryable,
  minutes: number,
): Promise<{ events: number; p50: number | null; p99: number | null; max: number | null }> {
  const { rows } = await db.query<{ events: number; p50: number | null; p99: number | null; max: number | null }>(
    `SELECT count(*)::int AS events,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY lag_ms) AS p99,
            max(lag_ms) AS max
     FROM (SELECT extract(epoch FROM dispatched_at - at) * 1000 AS lag_ms
           FROM events
           WHERE at > now() - make_interval(mins => $1) AND dispatched_at IS NOT NULL) AS lags`,
    [minutes],
  );
  return rows[0]!;
}

/** The end of the log and what still waits for a seq. */
export async function selectDispatchBacklog(
  db: Queryable,
): Promise<{ lastSeq: number; undelivered: number; oldestAgeSeconds: number | null }> {
  const { rows } = await db.query<{ last_seq: number; undelivered: number; oldest_age: number | null }>(
    `SELECT (SELECT COALESCE(max(seq), 0) FROM events)::bigint AS last_seq,
            (SELECT count(*) FROM events WHERE seq IS NULL)::int AS undelivered,
            (SELECT extract(epoch FROM now() - min(at)) FROM events WHERE seq IS NULL)::float8 AS oldest_age`,
  );
  const row = rows[0]!;
  return { lastSeq: row.last_seq, undelivered: row.undelivered, oldestAgeSeconds: row.oldest_age };
}
