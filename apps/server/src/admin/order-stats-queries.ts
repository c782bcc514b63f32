import type { AdminStats, OrderStatus, PeriodTotals } from '@swyft/contract';
import { activeOrderStatuses, LOW_STOCK_THRESHOLD, orderStatuses } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { sqlIn } from '../db/sql-in.js';

export const DELIVERY_WINDOW_HOURS = 24;

interface StatsRow {
  generated_at: Date;
  by_status: Record<string, number> | null;
  per_minute: { minute: string; count: number }[];
  delivered: number;
  median_seconds: number | null;
  p90_seconds: number | null;
  partners_online: number;
  partners_busy: number;
  revenue_since: Date;
  revenue_cents: number;
  revenue_orders: number;
}

/**
 * Every live figure of the admin dashboard in one statement, so they agree with each other (one snapshot).
 * Each part reads one index: counts by status (orders_status_idx, one status at a time), the last hour
 * (orders_created_idx), recent deliveries (orders_delivered_idx), partners holding an order
 * (orders_active_partner_idx).
 */
export async function selectOrderStats(
  db: Queryable,
): Promise<Omit<AdminStats, 'period' | 'previous' | 'salesByProduct' | 'lowStock'>> {
  const { rows } = await db.query<StatsRow>(
    `WITH bounds AS (
       SELECT now() AS now,
              date_trunc('minute', now()) - interval '59 minutes' AS hour_start,
              (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS day_start
     ),
     recent AS (
       SELECT extract(epoch FROM o.delivered_at - o.created_at) AS seconds
       FROM orders o, bounds b
       WHERE o.delivered_at >= b.now - make_interval(hours => $1)
     )
     SELECT b.now AS generated_at,
       (SELECT json_object_agg(s.status, (SELECT count(*)::int FROM orders o WHERE o.status = s.status))
          FROM unnest($2::text[]) AS s(status)) AS by_status,
       (SELECT json_agg(json_build_object('minute', m.minute, 'count', COALESCE(c.n, 0)) ORDER BY m.minute)
          FROM generate_series(b.hour_start, date_trunc('minute', b.now), interval '1 minute') AS m(minute)
          LEFT JOIN (
            SELECT date_trunc('minute', created_at) AS minute, count(*)::int AS n
            FROM orders WHERE created_at >= b.hour_start GROUP BY 1
          ) c USING (minute)) AS per_minute,
       (SELECT count(*)::int FROM recent) AS delivered,
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FROM recent) AS median_seconds,
       (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) FROM recent) AS p90_seconds,
       (SELECT count(*)::int FROM partner_presence WHERE online) AS partners_online,
       (SELECT count(DISTINCT partner_id)::int FROM orders
          WHERE ${sqlIn('status', activeOrderStatuses)}) AS partners_busy,
       b.day_start AS revenue_since,
       (SELECT COALESCE(sum(total_cents), 0) FROM orders WHERE delivered_at >= b.day_start) AS revenue_cents,
       (SELECT count(*)::int FROM orders WHERE delivered_at >= b.day_start) AS revenue_orders
     FROM bounds b`,
    [DELIVERY_WINDOW_HOURS, orderStatuses],
  );
  const row = rows[0]!;
  const byStatus = Object.fromEntries(orderStatuses.map((status) => [status, row.by_status?.[status] ?? 0])) as Record<
    OrderStatus,
    number
  >;
  return {
    generatedAt: row.generated_at.toISOString(),
    ordersByStatus: byStatus,
    ordersPerMinute: row.per_minute.map((m) => ({ minute: new Date(m.minute).toISOString(), count: m.count })),
    deliveryTime: {
      windowHours: DELIVERY_WINDOW_HOURS,
      deliveredOrders: row.delivered,
      medianSeconds: row.median_seconds === null ? null : round(row.median_seconds),
      p90Seconds: row.p90_seconds === null ? null : round(row.p90_seconds),
    },
    partners: { online: row.partners_online, busy: row.partners_busy },
    revenueToday: {
      since: row.revenue_since.toISOString(),
      totalCents: Number(row.revenue_cents),
      deliveredOrders: row.revenue_orders,
    },
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

interface PeriodRow {
  from: Date;
  to: Date;
  previous_from: Date;
  current: PeriodTotalsRow;
  previous: PeriodTotalsRow;
  sales: { productId: string; name: string; quantity: number; revenueCents: number }[];
  low_stock: { storeId: string; storeName: string; productId: string; productName: string; stock: number }[];
}
interface PeriodTotalsRow {
  placed: number;
  delivered: number;
  cancelled: number;
  revenue: number;
  tips: number;
}

export type PeriodStats = Pick<AdminStats, 'period' | 'previous' | 'salesByProduct' | 'lowStock'>;

/**
 * The figures of a period (orders placed in it, `from` inclusive, `to` exclusive) and of the period of the same
 * length just before it, sales per product (its delivered orders), and low stock now. A missing `from` is the
 * start of today in `tz` (an IANA zone: PostgreSQL's AT TIME ZONE keeps a day across a DST change right); a
 * missing `to` is the end of that day, or now when `from` was given. Reads orders_created_idx.
 */
export async function selectPeriodStats(
  db: Queryable,
  input: { from?: string; to?: string; tz: string },
): Promise<PeriodStats & { empty: boolean }> {
  const { rows } = await db.query<PeriodRow>(
    `WITH bounds AS (
       SELECT f.from_at, t.to_at,
              -- Never before the earliest instant the API speaks (year 0001), for a very long period.
              CASE WHEN t.to_at - f.from_at > f.from_at - '0001-01-01T00:00:00Z'::timestamptz
                THEN '0001-01-01T00:00:00Z'::timestamptz
                ELSE f.from_at - (t.to_at - f.from_at) END AS previous_from
       FROM (SELECT COALESCE($2::timestamptz, date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1) AS from_at) f,
       LATERAL (SELECT COALESCE($3::timestamptz,
                  CASE WHEN $2::timestamptz IS NULL
                    THEN (date_trunc('day', now() AT TIME ZONE $1) + interval '1 day') AT TIME ZONE $1
                    ELSE now() END) AS to_at) t
     ),
     totals AS (
       SELECT (o.created_at >= b.from_at) AS current,
              count(*)::int AS placed,
              count(*) FILTER (WHERE o.status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE o.status = 'cancelled')::int AS cancelled,
              COALESCE(sum(o.total_cents) FILTER (WHERE o.status = 'delivered'), 0)::bigint AS revenue,
              COALESCE(sum(o.tip_cents) FILTER (WHERE o.status = 'delivered'), 0)::bigint AS tips
       FROM orders o, bounds b
       WHERE o.created_at >= b.previous_from AND o.created_at < b.to_at
       GROUP BY 1
     ),
     sales AS (
       SELECT i.product_id, sum(i.quantity)::int AS quantity, sum(i.quantity * i.price_cents)::bigint AS revenue,
              max(i.name) AS line_name
       FROM orders o JOIN order_items i ON i.order_id = o.id, bounds b
       WHERE o.created_at >= b.from_at AND o.created_at < b.to_at AND o.status = 'delivered'
       GROUP BY i.product_id
       ORDER BY 2 DESC, 3 DESC, 1
       LIMIT 50
     )
     SELECT b.from_at AS "from", b.to_at AS "to", b.previous_from,
       (SELECT row_to_json(x) FROM totals x WHERE x.current) AS current,
       (SELECT row_to_json(x) FROM totals x WHERE NOT x.current) AS previous,
       (SELECT COALESCE(json_agg(json_build_object('productId', s.product_id,
                 'name', COALESCE(p.name, s.line_name), 'quantity', s.quantity, 'revenueCents', s.revenue)
                 ORDER BY s.quantity DESC, s.revenue DESC, s.product_id), '[]')
          FROM sales s LEFT JOIN products p ON p.id = s.product_id) AS sales,
       (SELECT COALESCE(json_agg(l ORDER BY l."stock", l."storeName", l."productName"), '[]') FROM (
          SELECT st.id AS "storeId", st.name AS "storeName", p.id AS "productId", p.name AS "productName",
                 ss.stock AS "stock"
          FROM store_stock ss JOIN stores st ON st.id = ss.store_id JOIN products p ON p.id = ss.product_id
          WHERE st.active AND p.active AND ss.stock <= $4
          ORDER BY ss.stock, st.name, p.name
          LIMIT 100) l) AS low_stock
     FROM bounds b`,
    [input.tz, input.from ?? null, input.to ?? null, LOW_STOCK_THRESHOLD],
  );
  const row = rows[0]!;
  return {
    empty: row.to <= row.from,
    period: {
      from: row.from.toISOString(),
      to: row.to.toISOString(),
      tz: input.tz,
      totals: toPeriodTotals(row.current),
    },
    previous: {
      from: row.previous_from.toISOString(),
      to: row.from.toISOString(),
      totals: toPeriodTotals(row.previous),
    },
    salesByProduct: row.sales.map((s) => ({ ...s, revenueCents: Number(s.revenueCents) })),
    lowStock: row.low_stock,
  };
}

function toPeriodTotals(row: PeriodTotalsRow | null): PeriodTotals {
  const delivered = row?.delivered ?? 0;
  const revenue = Number(row?.revenue ?? 0);
  return {
    placedOrders: row?.placed ?? 0,
    deliveredOrders: delivered,
    cancelledOrders: row?.cancelled ?? 0,
    revenueCents: revenue,
    tipsCents: Number(row?.tips ?? 0),
    averageOrderCents: delivered === 0 ? null : Math.round(revenue / delivered),
  };
}
