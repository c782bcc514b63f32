import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/swyft-api';
import { type AdminStats, type Order, orderStatuses } from '../api/types';
import { inputClassName, selectClass } from '../components/field';
import { formatClock, formatDuration, formatMoney, timeAgo } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { ResourceView } from '../components/states';
import { Card, PageTitle, Spinner } from '../components/ui';
import { useNow } from '../lib/use-now';
import { useReloadAfterEvents } from '../lib/use-reload-after-events';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { isFinished, statusLabel } from '../state/order-status';
import { AGE_TICK_MS } from './age';
import { countAttention, WAITING_LIMIT_MS } from './attention';
import { BarChart, Donut, DurationBar, HorizontalBars } from './charts';
import { midnight, operatorZone, startOfToday } from './today';
import { loadWatched } from './watched-orders';

const REFRESH_MS = 15_000;
const statusHex = {
  placed: '#f59e0b',
  accepted: '#0ea5e9',
  preparing: '#6366f1',
  picked_up: '#8b5cf6',
  on_the_way: '#10b981',
  delivered: '#64748b',
  cancelled: '#f43f5e',
} as const;

type Preset = 'today' | 'yesterday' | 'week' | 'month' | 'custom';
interface Range {
  preset: Preset;
  /** `YYYY-MM-DD`, both days included (custom only). */
  from: string;
  to: string;
}

const dayInput = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const parseDay = (text: string) => {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
};

/** The stats query for a range, in the operator's zone (today: the server's own default for `tz`). */
export function statsQuery(range: Range, now = new Date()): { from?: string; to?: string; tz: string } {
  const tz = operatorZone();
  switch (range.preset) {
    case 'today':
      return { tz };
    case 'yesterday':
      return { tz, from: midnight(-1, now).toISOString(), to: midnight(0, now).toISOString() };
    case 'week':
      return { tz, from: midnight(-6, now).toISOString(), to: midnight(1, now).toISOString() };
    case 'month':
      return { tz, from: midnight(-29, now).toISOString(), to: midnight(1, now).toISOString() };
    case 'custom':
      return {
        tz,
        from: parseDay(range.from).toISOString(),
        to: midnight(1, parseDay(range.to)).toISOString(),
      };
  }
}

/** "▲ 12 %" against the previous period of the same length, or why there is nothing to compare. */
export function trendOf(current: number, previous: number): { text: string; tone: 'up' | 'down' | 'flat' } {
  if (previous === 0) return current === 0 ? { text: 'no change', tone: 'flat' } : { text: 'new', tone: 'up' };
  const change = Math.round(((current - previous) / previous) * 100);
  if (change === 0) return { text: 'no change', tone: 'flat' };
  return change > 0 ? { text: `▲ ${change} %`, tone: 'up' } : { text: `▼ ${-change} %`, tone: 'down' };
}

/** Figures from /admin/stats, refreshed on a timer and soon after each live order event. */
export default function DashboardPage() {
  useDocumentTitle('Dashboard');
  const { live } = useRealtime();
  const [range, setRange] = useState<Range>({ preset: 'today', from: dayInput(new Date()), to: dayInput(new Date()) });
  const customInvalid = range.preset === 'custom' && (!range.from || !range.to || range.from > range.to);
  const query = useMemo(() => (customInvalid ? null : statsQuery(range)), [range, customInvalid]);
  const stats = useResource(() => api.admin.stats(query ?? { tz: operatorZone() }), [query]);
  const watched = useResource(
    () => loadWatched({ from: query?.from ?? startOfToday().toISOString(), to: query?.to }),
    [query],
  );
  const now = useNow(AGE_TICK_MS);
  const { reload } = stats;
  const reloadWatched = watched.reload;

  useEffect(() => {
    const every = setInterval(() => {
      reload();
      reloadWatched();
    }, REFRESH_MS);
    return () => clearInterval(every);
  }, [reload, reloadWatched]);
  useReloadAfterEvents(live.lastSeq, reload);

  return (
    <div>
      <PageTitle
        actions={
          stats.status === 'ready' && (
            <span className="flex items-center gap-2 text-xs text-fg-muted">
              {stats.refreshing && <Spinner className="size-3" />}
              Updated {timeAgo(stats.data.generatedAt)}
            </span>
          )
        }
      >
        Dashboard
      </PageTitle>
      <Card className="mb-4 flex flex-wrap items-end gap-3 p-4">
        <label className="space-y-1 text-sm font-medium text-fg">
          <span className="block">Period</span>
          <select
            className={selectClass}
            value={range.preset}
            onChange={(e) => setRange({ ...range, preset: e.target.value as Preset })}
          >
            <option value="today">Today</option>
            <option value="yesterday">Yesterday</option>
            <option value="week">Last 7 days</option>
            <option value="month">Last 30 days</option>
            <option value="custom">Dates…</option>
          </select>
        </label>
        {range.preset === 'custom' &&
          (['from', 'to'] as const).map((field) => (
            <label key={field} className="space-y-1 text-sm font-medium text-fg">
              <span className="block">{field === 'from' ? 'From' : 'To (included)'}</span>
              <input
                type="date"
                className={`${inputClassName} !py-2 !text-sm`}
                value={range[field]}
                max={dayInput(new Date())}
                aria-invalid={customInvalid ? true : undefined}
                onChange={(e) => setRange({ ...range, [field]: e.target.value })}
              />
            </label>
          ))}
        <p className="pb-2 text-xs text-fg-muted" role={customInvalid ? 'alert' : undefined}>
          {customInvalid
            ? 'Pick a start day on or before the end day.'
            : `Days in your time zone, ${operatorZone()}. Trends compare with the same length of time just before.`}
        </p>
      </Card>
      <ResourceView resource={stats} errorTitle="Could not load the figures">
        {(s) => {
          const inFlight = orderStatuses
            .filter((status) => !isFinished(status))
            .reduce((n, k) => n + (s.ordersByStatus[k] ?? 0), 0);
          const lastHour = s.ordersPerMinute.reduce((n, p) => n + p.count, 0);
          const periodName = {
            today: 'today',
            yesterday: 'yesterday',
            week: 'last 7 days',
            month: 'last 30 days',
            custom: 'these days',
          }[range.preset];
          return (
            <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
              {s.period && (
                <>
                  <Tile
                    label={`Revenue, ${periodName}`}
                    value={formatMoney(s.period.totals.revenueCents)}
                    note={`tips ${formatMoney(s.period.totals.tipsCents)}`}
                    trend={s.previous && trendOf(s.period.totals.revenueCents, s.previous.totals.revenueCents)}
                  />
                  <Tile
                    label={`Delivered, ${periodName}`}
                    value={String(s.period.totals.deliveredOrders)}
                    note={`of ${s.period.totals.placedOrders} placed, ${s.period.totals.cancelledOrders} cancelled`}
                    trend={s.previous && trendOf(s.period.totals.deliveredOrders, s.previous.totals.deliveredOrders)}
                  />
                  <Tile
                    label="Average order"
                    value={
                      s.period.totals.averageOrderCents === null ? '—' : formatMoney(s.period.totals.averageOrderCents)
                    }
                    note="of the delivered ones"
                    trend={
                      s.previous &&
                      s.period.totals.averageOrderCents !== null &&
                      s.previous.totals.averageOrderCents !== null
                        ? trendOf(s.period.totals.averageOrderCents, s.previous.totals.averageOrderCents)
                        : undefined
                    }
                  />
                </>
              )}
              <AttentionTile watched={watched.status === 'ready' ? watched.data : null} now={now} />
              <Tile
                label="Orders in flight"
                value={String(inFlight)}
                note={`${s.ordersByStatus.placed ?? 0} waiting for a partner`}
              />
              <Tile
                label="Orders last hour"
                value={String(lastHour)}
                note={`${s.ordersPerMinute.at(-1)?.count ?? 0} this minute`}
              />
              <Tile
                label="Partners"
                value={`${s.partners.online} online`}
                note={`${s.partners.busy} busy on a delivery`}
              />

              <Card className="p-4 md:col-span-2 xl:col-span-3">
                <h2 className="mb-3 text-sm font-bold text-fg">Orders per minute, last hour</h2>
                <BarChart
                  label="Orders per minute"
                  points={s.ordersPerMinute.map((p) => ({
                    key: p.minute,
                    label: formatClock(p.minute),
                    value: p.count,
                  }))}
                />
              </Card>
              <Card className="flex flex-col items-center p-4">
                <h2 className="mb-3 self-start text-sm font-bold text-fg">Partners online and busy</h2>
                <Donut
                  center={String(s.partners.online)}
                  parts={[
                    { label: 'Busy', value: s.partners.busy, color: '#f59e0b' },
                    { label: 'Free', value: Math.max(0, s.partners.online - s.partners.busy), color: '#10b981' },
                  ]}
                />
                <p className="mt-2 flex gap-4 text-xs text-fg-muted">
                  <span>
                    <span className="mr-1 inline-block size-2 rounded-full bg-amber-500" aria-hidden="true" />
                    Busy {s.partners.busy}
                  </span>
                  <span>
                    <span className="mr-1 inline-block size-2 rounded-full bg-emerald-500" aria-hidden="true" />
                    Free {Math.max(0, s.partners.online - s.partners.busy)}
                  </span>
                </p>
              </Card>

              <Card className="p-4 md:col-span-1 xl:col-span-2">
                <h2 className="mb-3 text-sm font-bold text-fg">Orders by status</h2>
                <HorizontalBars
                  rows={orderStatuses.map((status) => ({
                    key: status,
                    label: statusLabel[status],
                    value: s.ordersByStatus[status] ?? 0,
                    color: statusHex[status],
                  }))}
                />
              </Card>
              {s.salesByProduct && (
                <Card className="p-4 md:col-span-1 xl:col-span-2">
                  <h2 className="mb-3 text-sm font-bold text-fg">Sales by product, {periodName}</h2>
                  {s.salesByProduct.length === 0 ? (
                    <p className="text-sm text-fg-muted">No delivered orders in this period.</p>
                  ) : (
                    <table className="w-full text-sm">
                      <caption className="sr-only">Sales by product, best-selling first</caption>
                      <thead className="text-left text-xs text-fg-muted">
                        <tr>
                          <th className="pb-1 font-semibold">Product</th>
                          <th className="pb-1 text-right font-semibold">Sold</th>
                          <th className="pb-1 text-right font-semibold">Revenue</th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-border">
                        {s.salesByProduct.slice(0, 10).map((row) => (
                          <tr key={row.productId}>
                            <td className="max-w-40 truncate py-1.5">{row.name}</td>
                            <td className="py-1.5 text-right tabular-nums">{row.quantity}</td>
                            <td className="py-1.5 text-right tabular-nums">{formatMoney(row.revenueCents)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </Card>
              )}
              {s.lowStock && (
                <Card className="p-4 md:col-span-1 xl:col-span-2">
                  <h2 className="mb-3 text-sm font-bold text-fg">Low stock</h2>
                  {s.lowStock.length === 0 ? (
                    <p className="text-sm text-fg-muted">Every active store has more than 5 of each product.</p>
                  ) : (
                    <ul className="space-y-3 text-sm">
                      {lowStockByStore(s.lowStock).map(([store, rows]) => (
                        <li key={store}>
                          <p className="font-semibold text-fg">{store}</p>
                          <ul className="mt-1 flex flex-wrap gap-1.5">
                            {rows.map((row) => (
                              <li
                                key={row.productId}
                                className={`rounded-full px-2 py-0.5 text-xs font-semibold ${row.stock === 0 ? 'bg-danger-soft text-danger-soft-fg' : 'bg-warning-soft text-warning-soft-fg'}`}
                              >
                                {row.productName}: {row.stock === 0 ? 'sold out' : `${row.stock} left`}
                              </li>
                            ))}
                          </ul>
                        </li>
                      ))}
                    </ul>
                  )}
                </Card>
              )}
              <Card className="p-4 md:col-span-1 xl:col-span-2">
                <h2 className="text-sm font-bold text-fg">Time from placed to delivered</h2>
                <p className="text-xs text-fg-muted">
                  {s.deliveryTime.deliveredOrders} orders delivered in the last {s.deliveryTime.windowHours} h
                </p>
                <div className="mt-3 grid grid-cols-2 gap-3">
                  <div>
                    <p className="text-xs font-semibold text-success uppercase">Median</p>
                    <p className="text-2xl font-extrabold">{formatDuration(s.deliveryTime.medianSeconds)}</p>
                  </div>
                  <div>
                    <p className="text-xs font-semibold text-danger uppercase">90th percentile</p>
                    <p className="text-2xl font-extrabold">{formatDuration(s.deliveryTime.p90Seconds)}</p>
                  </div>
                </div>
                <DurationBar median={s.deliveryTime.medianSeconds} p90={s.deliveryTime.p90Seconds} />
              </Card>
            </div>
          );
        }}
      </ResourceView>
    </div>
  );
}

function lowStockByStore(rows: AdminStats['lowStock']) {
  const byStore = new Map<string, AdminStats['lowStock']>();
  for (const row of rows) byStore.set(row.storeName, [...(byStore.get(row.storeName) ?? []), row]);
  return [...byStore];
}

const trendLook = {
  up: 'text-success',
  down: 'text-danger',
  flat: 'text-fg-muted',
} as const;

function Tile({
  label,
  value,
  note,
  trend,
}: {
  label: string;
  value: string;
  note: string;
  trend?: { text: string; tone: keyof typeof trendLook } | undefined;
}) {
  return (
    <Card className="p-4">
      <p className="text-xs font-semibold tracking-wide text-fg-muted uppercase">{label}</p>
      <p className="mt-1 flex items-baseline gap-2 text-2xl font-extrabold text-fg">
        {value}
        {trend && (
          <span className={`text-xs font-semibold ${trendLook[trend.tone]}`}>
            {trend.text}
            <span className="sr-only"> against the previous period</span>
          </span>
        )}
      </p>
      <p className="text-xs text-fg-muted">{note}</p>
    </Card>
  );
}

/** Stuck work, counted: waiting orders, silent partners, flagged deliveries; a link to the attention view. */
function AttentionTile({ watched, now }: { watched: Order[] | null; now: number }) {
  const { live } = useRealtime();
  if (!watched) return <Tile label="Needs attention" value="…" note="Checking the active orders" />;
  const orders = watched.map((order) => live.orders[order.id] ?? order);
  const counts = countAttention(orders, live.locations, now);
  const total = counts.waiting + counts.silent + counts.flagged;
  return (
    <Card className={`p-4 ${total > 0 ? 'ring-2 ring-warning-border' : ''}`}>
      <p className="text-xs font-semibold tracking-wide text-fg-muted uppercase">Needs attention</p>
      <p className="mt-1 text-2xl font-extrabold text-fg">{total === 0 ? 'Nothing' : total}</p>
      <p className="text-xs text-fg-muted">
        {counts.waiting} waiting over {WAITING_LIMIT_MS / 60_000} min · {counts.silent} partner
        {counts.silent === 1 ? '' : 's'} silent · {counts.flagged} flagged
      </p>
      {total > 0 && (
        <Link to="/admin/attention" className="text-xs font-semibold text-accent-text underline">
          See what needs attention
        </Link>
      )}
    </Card>
  );
}
