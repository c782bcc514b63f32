import { useEffect, useRef } from 'react';
import { api } from '../api/swyft-api';
import { orderStatuses } from '../api/types';
import { formatClock, formatDuration, formatMoney, timeAgo } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { ResourceView } from '../components/states';
import { Card, PageTitle, Spinner } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { isFinished, statusLabel } from '../state/order-status';
import { BarChart, Donut, DurationBar, HorizontalBars } from './charts';

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

/** Figures from /admin/stats, refreshed on a timer and soon after each live order event. */
export default function DashboardPage() {
  useDocumentTitle('Dashboard');
  const { live } = useRealtime();
  const stats = useResource(() => api.admin.stats(), []);
  const { reload } = stats;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const every = setInterval(reload, REFRESH_MS);
    return () => clearInterval(every);
  }, [reload]);
  // Coalesce a burst of events into one reload.
  useEffect(() => {
    if (live.lastSeq === 0) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(reload, 1500);
    return () => clearTimeout(timer.current);
  }, [live.lastSeq, reload]);

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
      <ResourceView resource={stats} errorTitle="Could not load the figures">
        {(s) => {
          const inFlight = orderStatuses
            .filter((status) => !isFinished(status))
            .reduce((n, k) => n + (s.ordersByStatus[k] ?? 0), 0);
          const lastHour = s.ordersPerMinute.reduce((n, p) => n + p.count, 0);
          return (
            <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
              <Tile
                label="Revenue today"
                value={formatMoney(s.revenueToday.totalCents)}
                note={`${s.revenueToday.deliveredOrders} delivered since midnight UTC`}
              />
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

function Tile({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <Card className="p-4">
      <p className="text-xs font-semibold tracking-wide text-fg-muted uppercase">{label}</p>
      <p className="mt-1 text-2xl font-extrabold text-fg">{value}</p>
      <p className="text-xs text-fg-muted">{note}</p>
    </Card>
  );
}
