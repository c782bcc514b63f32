import { eventTypes } from '@swyft/contract';
import { expect } from 'vitest';
import type { Queryable } from '../../src/db/pool.js';
import { waitUntil } from '../../src/realtime/testing/socket-clients.js';

/** One promise of the system, as a query answering the rows that break it. */
interface Check {
  promise: string;
  sql: string;
  values?: unknown[];
}

const ORDER_EVENT_TYPES = eventTypes.filter((type) => type.startsWith('order.'));

/**
 * What must hold in the database whatever happened to the processes that wrote it: nothing half-written,
 * nothing lost, nothing applied twice. Each query answers the rows that break its promise.
 */
function checks(stockSetByTest: Map<string, number>): Check[] {
  return [
    {
      promise: 'every order has its items, and its total is theirs',
      sql: `SELECT o.id, o.total_cents, sum(i.price_cents * i.quantity) AS items_total, count(i.line) AS lines
            FROM orders o LEFT JOIN order_items i ON i.order_id = o.id
            GROUP BY o.id
            HAVING count(i.line) = 0 OR o.total_cents <> sum(i.price_cents * i.quantity)
               OR max(i.line) <> count(i.line) - 1`,
    },
    {
      promise: "every order's timeline is contiguous from 'placed' and ends in its status",
      sql: `SELECT o.id, o.status, t.positions, t.statuses
            FROM orders o
            LEFT JOIN LATERAL (
              SELECT array_agg(position ORDER BY position) AS positions,
                     array_agg(status ORDER BY position) AS statuses, count(*)::int AS n, max(position) AS last
              FROM order_timeline WHERE order_id = o.id
            ) t ON true
            WHERE t.n = 0 OR t.last <> t.n - 1 OR t.statuses[1] <> 'placed' OR t.statuses[t.n] <> o.status`,
    },
    {
      promise: 'each applied move has exactly one event, and each order event one applied move',
      sql: `WITH moves AS (
              SELECT order_id, position, status FROM order_timeline
            ), order_events AS (
              SELECT order_id, (row_number() OVER (PARTITION BY order_id ORDER BY id) - 1)::int AS position,
                     data->'order'->>'status' AS status,
                     jsonb_array_length(data->'order'->'timeline') AS timeline_length
              FROM events WHERE type = ANY($1::text[])
            )
            SELECT coalesce(m.order_id, e.order_id) AS order_id, coalesce(m.position, e.position) AS position,
                   m.status AS move, e.status AS event
            FROM moves m FULL JOIN order_events e ON e.order_id = m.order_id AND e.position = m.position
            WHERE m.order_id IS NULL OR e.order_id IS NULL OR m.status <> e.status
               OR e.timeline_length <> m.position + 1`,
      values: [ORDER_EVENT_TYPES],
    },
    {
      promise: 'stock is conserved: stock now + units in orders not cancelled = stock the test set',
      // Over every store: an order takes from one store and a cancellation gives back to the same one.
      sql: `SELECT p.id, p.stock, coalesce(sum(i.quantity) FILTER (WHERE o.status <> 'cancelled'), 0) AS ordered,
                   s.initial
            FROM unnest($1::uuid[], $2::int[]) AS s(product_id, initial)
            JOIN (SELECT product_id AS id, sum(stock)::int AS stock FROM store_stock GROUP BY product_id) p
              ON p.id = s.product_id
            LEFT JOIN order_items i ON i.product_id = p.id
            LEFT JOIN orders o ON o.id = i.order_id
            GROUP BY p.id, p.stock, s.initial
            HAVING p.stock + coalesce(sum(i.quantity) FILTER (WHERE o.status <> 'cancelled'), 0) <> s.initial`,
      values: [[...stockSetByTest.keys()], [...stockSetByTest.values()]],
    },
    {
      promise: 'every Idempotency-Key record is complete, and each one that placed an order points to it',
      // A sealed outcome names its order in `ref` (idempotency-queries.ts); a first-wave one in clear, in `value`.
      sql: `SELECT k.user_id, k.key, k.operation, coalesce(k.outcome->>'ref', k.outcome->'value'->>'id') AS order_id
            FROM idempotency_keys k
            WHERE k.outcome IS NULL
               OR (k.operation = 'place-order' AND (k.outcome ? 'value' OR k.outcome ? 'ref') AND NOT EXISTS (
                    SELECT 1 FROM orders o
                    WHERE o.id::text = coalesce(k.outcome->>'ref', k.outcome->'value'->>'id')
                      AND o.customer_id = k.user_id))`,
    },
    {
      promise: 'the public seq is contiguous from 1',
      sql: `SELECT count(seq) AS stamped, max(seq) AS last FROM events HAVING count(seq) <> coalesce(max(seq), 0)`,
    },
  ];
}

/** Every order a client was answered 201 for is in the database: an acknowledged order is never lost. */
export async function expectOrdersExist(db: Queryable, orderIds: Iterable<string>): Promise<void> {
  const ids = [...orderIds];
  const { rows } = await db.query<{ id: string }>('SELECT id FROM orders WHERE id = ANY($1::uuid[])', [ids]);
  const found = new Set(rows.map((row) => row.id));
  expect(ids.filter((id) => !found.has(id))).toEqual([]);
}

/** The broken promises, each with (up to five of) the rows that break it; empty when all hold. */
export async function findIntegrityProblems(db: Queryable, stockSetByTest: Map<string, number>): Promise<string[]> {
  const problems: string[] = [];
  for (const check of checks(stockSetByTest)) {
    const { rows } = await db.query(check.sql, check.values);
    if (rows.length > 0)
      problems.push(`${check.promise}: ${rows.length} rows, e.g. ${JSON.stringify(rows.slice(0, 5))}`);
  }
  return problems;
}

/**
 * Waits for the system to settle (every committed event stamped by a sequencer), then checks every promise
 * above. `stockSetByTest` is each product's stock as the test set it, before any order.
 */
export async function expectIntegrity(
  db: Queryable,
  stockSetByTest: Map<string, number>,
  { settleTimeoutMs = 20_000 }: { settleTimeoutMs?: number } = {},
): Promise<void> {
  let unstamped = -1;
  await waitUntil(
    async () => {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE seq IS NULL');
      unstamped = rows[0]!.n;
      return unstamped === 0;
    },
    { timeoutMs: settleTimeoutMs, what: 'every committed event to be stamped (a sequencer at work)' },
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${unstamped} events left unstamped`);
  });
  expect(await findIntegrityProblems(db, stockSetByTest)).toEqual([]);
}
