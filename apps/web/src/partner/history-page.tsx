import { Bike } from 'lucide-react';
import { useEffect } from 'react';
import { api } from '../api/swyft-api';
import type { Order } from '../api/types';
import { formatClock, formatMoney, shortId } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { useUser } from '../session/session-provider';
import { selectOrders } from '../state/live-orders';
import { reachedAt } from '../state/order-status';

function deliveredAt(order: Order): string {
  return reachedAt(order).delivered ?? order.updatedAt;
}

function isToday(iso: string): boolean {
  return new Date(iso).toDateString() === new Date().toDateString();
}

/** Today's finished deliveries, with what was collected in cash. */
export function HistoryPage() {
  useDocumentTitle('Today');
  const user = useUser();
  const { live, dispatch, resyncVersion } = useRealtime();
  const assigned = useResource(() => api.orders.assigned({ limit: 100 }), [resyncVersion]);
  const page = assigned.status === 'ready' ? assigned.data : null;
  useEffect(() => {
    if (page) dispatch({ type: 'orders-loaded', orders: page.items });
  }, [page, dispatch]);

  const done = selectOrders(
    live,
    (o) => o.partnerId === user.id && o.status === 'delivered' && isToday(deliveredAt(o)),
  ).sort((a, b) => Date.parse(deliveredAt(b)) - Date.parse(deliveredAt(a)));
  const cash = done.filter((o) => o.payment.method === 'cash_on_delivery').reduce((sum, o) => sum + o.totalCents, 0);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-fg">Today</h1>
      <ResourceView resource={assigned} errorTitle="Could not load your deliveries">
        {() => (
          <>
            <div className="grid grid-cols-2 gap-3">
              <div className="rounded-2xl bg-surface p-4 ring-1 ring-border">
                <p className="text-xs font-semibold text-fg-muted uppercase">Delivered</p>
                <p className="text-3xl font-extrabold text-fg" data-testid="delivered-today">
                  {done.length}
                </p>
              </div>
              <div className="rounded-2xl bg-surface p-4 ring-1 ring-border">
                <p className="text-xs font-semibold text-fg-muted uppercase">Cash collected</p>
                <p className="text-3xl font-extrabold text-fg">{formatMoney(cash)}</p>
              </div>
            </div>
            {done.length === 0 ? (
              <EmptyState icon={Bike} title="No deliveries yet today">
                Finished deliveries show up here.
              </EmptyState>
            ) : (
              <ul className="divide-y divide-border rounded-2xl bg-surface ring-1 ring-border">
                {done.map((order) => (
                  <li key={order.id} className="flex items-center justify-between gap-3 p-4">
                    <div className="min-w-0">
                      <p className="font-semibold text-fg">
                        {shortId(order.id)} · {formatClock(deliveredAt(order))}
                      </p>
                      <p className="truncate text-sm text-fg-muted">{order.address}</p>
                    </div>
                    <span className="font-bold tabular-nums">{formatMoney(order.totalCents)}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </ResourceView>
    </div>
  );
}
