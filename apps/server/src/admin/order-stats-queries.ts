import type { AdminStats, OrderStatus } from '@swyft/contract';
import { activeOrderStatuses, orderStatuses } from '@swyft/contract';
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
export async function selectOrderStats(db: Queryable): Promise<AdminStats> {
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
