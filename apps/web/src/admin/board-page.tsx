import { TriangleAlert } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/swyft-api';
import { type Order, type OrderStatus, orderStatuses, type SwyftEvent } from '../api/types';
import { formatMoney, shortId, timeAgo } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { ResourceView } from '../components/states';
import { statusColor } from '../components/status-badge';
import { PageTitle } from '../components/ui';
import { useNow } from '../lib/use-now';
import { useReloadAfterEvents } from '../lib/use-reload-after-events';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { orderOf } from '../state/live-orders';
import { statusLabel } from '../state/order-status';
import { AGE_TICK_MS, ageText } from './age';
import { attentionLabel, attentionOf } from './attention';
import { CandidateList, useDispatchFromLog, usePartners, WaveLine } from './dispatch-status';
import { OrderDrawer } from './order-drawer';
import { operatorZone, startOfToday } from './today';

const FINISHED_SHOWN = 12;

function itemCount(order: Order): string {
  const count = order.items.reduce((n, item) => n + item.quantity, 0);
  return `${count} ${count === 1 ? 'item' : 'items'}`;
}

const finished = (status: OrderStatus) => status === 'delivered' || status === 'cancelled';

/**
 * Every active order, and the newest of today's finished ones, loaded once per column; events move the cards
 * from then on. Finished columns hold today's orders (placed since local midnight), as the dashboard counts.
 */
async function loadBoard(): Promise<Order[]> {
  const today = startOfToday().toISOString();
  const pages = await Promise.all(
    orderStatuses.map((status) =>
      api.admin.orders(finished(status) ? { status, limit: FINISHED_SHOWN, from: today } : { status, limit: 100 }),
    ),
  );
  return pages.flatMap((page) => page.items);
}

export function BoardPage() {
  useDocumentTitle('Live board');
  const { live, dispatch, resyncVersion } = useRealtime();
  const board = useResource(loadBoard, [resyncVersion]);
  const [openId, setOpenId] = useState<string | null>(null);
  const partners = usePartners();
  const now = useNow(AGE_TICK_MS);
  // Today's totals, the dashboard's own figures: the finished columns count them, not the cards they show.
  const today = useResource(() => api.admin.stats({ tz: operatorZone() }), [resyncVersion]);
  useReloadAfterEvents(live.lastSeq, today.reload);
  const totals = today.status === 'ready' ? today.data.period?.totals : undefined;
  const finishedToday: Partial<Record<OrderStatus, number>> = totals
    ? { delivered: totals.deliveredOrders, cancelled: totals.cancelledOrders }
    : {};
  const loaded = board.status === 'ready' ? board.data : null;
  useEffect(() => {
    if (loaded) dispatch({ type: 'orders-loaded', orders: loaded });
  }, [loaded, dispatch]);

  const byStatus = new Map<OrderStatus, Order[]>(orderStatuses.map((s) => [s, []]));
  const midnight = startOfToday(new Date(now)).getTime();
  for (const order of Object.values(live.orders)) {
    // Another screen may have loaded older finished orders into the live state: not today's, not shown.
    if (finished(order.status) && Date.parse(order.createdAt) < midnight) continue;
    byStatus.get(order.status)?.push(order);
  }
  useDispatchFromLog(byStatus.get('placed')!, live.dispatch, dispatch);
  for (const [status, orders] of byStatus) {
    orders.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
    if (finished(status)) orders.splice(FINISHED_SHOWN);
  }

  const needing = Object.values(live.orders).filter((o) => attentionOf(o, live.locations, now).length > 0).length;
  return (
    <div>
      <PageTitle
        actions={
          needing > 0 && (
            <Link
              to="/admin/attention"
              className="tap inline-flex items-center rounded-full bg-danger-soft px-3 py-1 text-xs font-semibold text-danger-soft-fg underline"
            >
              {needing} {needing === 1 ? 'order needs' : 'orders need'} attention
            </Link>
          )
        }
      >
        Live board
      </PageTitle>
      <ResourceView resource={board} errorTitle="Could not load the board">
        {() => (
          <div className="grid gap-4 2xl:grid-cols-[1fr_20rem]">
            <section
              className="relative grid auto-cols-[minmax(8.75rem,1fr)] grid-flow-col gap-3 overflow-x-auto pb-2"
              aria-label="Orders by status"
            >
              {orderStatuses.map((status) => (
                <section
                  key={status}
                  aria-labelledby={`col-${status}`}
                  data-column={status}
                  className="flex min-h-[60vh] flex-col rounded-2xl bg-surface-sunken p-2"
                >
                  <h2
                    id={`col-${status}`}
                    className="mb-2 flex items-center justify-between px-1 text-sm font-bold text-fg"
                  >
                    {statusLabel[status]}
                    <span className={`rounded-full px-2 py-0.5 text-xs ring-1 ${statusColor[status]}`}>
                      {finishedToday[status] ?? byStatus.get(status)!.length}
                      {finished(status) && <span className="sr-only"> today</span>}
                    </span>
                  </h2>
                  {finished(status) && (
                    <p className="mb-2 px-1 text-xs text-fg-muted" data-testid={`${status}-shown`}>
                      {(finishedToday[status] ?? 0) > byStatus.get(status)!.length
                        ? `Today · newest ${byStatus.get(status)!.length} of ${finishedToday[status]}`
                        : 'Today'}
                    </p>
                  )}
                  <ul className="min-h-24 space-y-2">
                    {byStatus.get(status)!.map((order) => {
                      const dispatch = order.status === 'placed' ? live.dispatch[order.id] : undefined;
                      const exhausted = dispatch?.opened === 'waves_exhausted';
                      const reasons = attentionOf(order, live.locations, now);
                      return (
                        <li key={order.id} className="motion-safe:animate-offer-in">
                          <button
                            type="button"
                            onClick={() => setOpenId(order.id)}
                            data-order-id={order.id}
                            data-attention={reasons.length > 0 ? reasons.join(' ') : undefined}
                            className={`block w-full rounded-xl bg-surface p-3 text-left shadow-sm hover:ring-accent ${exhausted || reasons.length > 0 ? 'ring-2 ring-danger' : 'ring-1 ring-border'}`}
                          >
                            <span className="flex flex-wrap items-center justify-between gap-x-2 text-sm font-semibold text-fg">
                              {shortId(order.id)}
                              <span className="tabular-nums">{formatMoney(order.totalCents)}</span>
                            </span>
                            <span className="mt-1 block truncate text-xs text-fg-muted">{order.address}</span>
                            <span className="mt-1 flex flex-wrap justify-between gap-x-2 text-xs text-fg-muted">
                              <span>{itemCount(order)}</span>
                              <span>placed {ageText(order.createdAt, now)}</span>
                            </span>
                            {order.customerName && (
                              <span className="mt-1 block truncate text-xs text-fg">{order.customerName}</span>
                            )}
                            {reasons.length > 0 && (
                              <span className="mt-1.5 flex flex-wrap gap-1">
                                {reasons.map((reason) => (
                                  <span
                                    key={reason}
                                    className="inline-flex items-center gap-1 rounded-full bg-danger-soft px-2 py-0.5 text-[11px] font-semibold text-danger-soft-fg"
                                  >
                                    <TriangleAlert aria-hidden="true" className="size-3" />
                                    {attentionLabel[reason]}
                                  </span>
                                ))}
                              </span>
                            )}
                            {dispatch && (
                              <>
                                <WaveLine dispatch={dispatch} />
                                <CandidateList dispatch={dispatch} partners={partners} compact />
                              </>
                            )}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ))}
            </section>
            <LiveFeed events={live.recentEvents} onOpen={setOpenId} />
          </div>
        )}
      </ResourceView>
      {openId && <OrderDrawer orderId={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}

function partnerCount(n: number): string {
  return `${n} ${n === 1 ? 'partner' : 'partners'}`;
}

function describeEvent(event: SwyftEvent): string {
  const order = orderOf(event);
  const who = event.actor ? event.actor.role : 'system';
  switch (event.type) {
    case 'order.placed':
      return `New order ${order ? shortId(order.id) : ''} (${order ? formatMoney(order.totalCents) : ''})`;
    case 'order.accepted':
      return `${order ? shortId(order.id) : 'Order'} accepted by a partner`;
    case 'order.status_changed':
      return `${order ? shortId(order.id) : 'Order'} moved to ${order ? statusLabel[order.status] : 'a new step'}`;
    case 'order.delivered':
      return `${order ? shortId(order.id) : 'Order'} delivered`;
    case 'order.cancelled':
      return `${order ? shortId(order.id) : 'Order'} cancelled by ${who}`;
    case 'order.released':
      return `${order ? shortId(order.id) : 'Order'} given back by ${who}`;
    case 'order.offered':
      return `${order ? shortId(order.id) : 'Order'} offered to wave ${event.data.dispatch.wave} (${partnerCount(event.data.dispatch.candidates?.length ?? event.data.dispatch.partnerIds?.length ?? 0)})`;
    case 'order.offer_expired':
      return `${order ? shortId(order.id) : 'Order'}: wave ${event.data.wave} ended, nobody accepted`;
    case 'order.opened':
      return `${order ? shortId(order.id) : 'Order'} open to every partner${event.data.reason === 'waves_exhausted' ? ' (no partner took it)' : ' (no partner nearby)'}`;
    default:
      return event.type.replace('.', ' ');
  }
}

function LiveFeed({ events, onOpen }: { events: SwyftEvent[]; onOpen: (orderId: string) => void }) {
  return (
    <aside aria-labelledby="feed-title" className="rounded-2xl bg-surface p-4 shadow-sm ring-1 ring-border">
      <h2 id="feed-title" className="mb-2 flex items-center gap-2 text-sm font-bold text-fg">
        <span className="relative flex size-2" aria-hidden="true">
          <span className="absolute inline-flex size-full rounded-full bg-emerald-400 opacity-75 motion-safe:animate-ping" />
          <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
        </span>
        Live feed
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-fg-muted">Changes will stream in here as they happen.</p>
      ) : (
        <ol className="max-h-[60vh] space-y-1 overflow-y-auto" aria-live="polite">
          {events.slice(0, 30).map((event) => (
            <li key={event.seq}>
              <button
                type="button"
                disabled={!event.orderId}
                onClick={() => event.orderId && onOpen(event.orderId)}
                className="tap w-full rounded-lg px-2 py-1.5 text-left text-sm hover:bg-surface-muted disabled:hover:bg-transparent"
              >
                <span className="block text-fg">{describeEvent(event)}</span>
                <span className="text-xs text-fg-muted">
                  #{event.seq} · {timeAgo(event.at)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
