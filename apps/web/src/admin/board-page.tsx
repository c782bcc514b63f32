import { useEffect, useState } from 'react';
import { api } from '../api/swyft-api';
import { type Order, type OrderStatus, orderStatuses, type SwyftEvent } from '../api/types';
import { formatMoney, shortId, timeAgo } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { ResourceView } from '../components/states';
import { statusColor } from '../components/status-badge';
import { PageTitle } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { orderOf } from '../state/live-orders';
import { statusLabel } from '../state/order-status';
import { CandidateList, usePartners, WaveLine } from './dispatch-status';
import { OrderDrawer } from './order-drawer';

const FINISHED_SHOWN = 12;

function itemCount(order: Order): string {
  const count = order.items.reduce((n, item) => n + item.quantity, 0);
  return `${count} ${count === 1 ? 'item' : 'items'}`;
}

/** Every status's recent orders, loaded once per column; events move the cards from then on. */
async function loadBoard(): Promise<Order[]> {
  const pages = await Promise.all(
    orderStatuses.map((status) =>
      api.admin.orders({ status, limit: status === 'delivered' || status === 'cancelled' ? FINISHED_SHOWN : 100 }),
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
  const loaded = board.status === 'ready' ? board.data : null;
  useEffect(() => {
    if (loaded) dispatch({ type: 'orders-loaded', orders: loaded });
  }, [loaded, dispatch]);

  const byStatus = new Map<OrderStatus, Order[]>(orderStatuses.map((s) => [s, []]));
  for (const order of Object.values(live.orders)) byStatus.get(order.status)?.push(order);
  for (const [status, orders] of byStatus) {
    orders.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
    if (status === 'delivered' || status === 'cancelled') orders.splice(FINISHED_SHOWN);
  }

  return (
    <div>
      <PageTitle>Live board</PageTitle>
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
                      {byStatus.get(status)!.length}
                    </span>
                  </h2>
                  <ul className="min-h-24 space-y-2">
                    {byStatus.get(status)!.map((order) => {
                      const dispatch = order.status === 'placed' ? live.dispatch[order.id] : undefined;
                      const exhausted = dispatch?.opened === 'waves_exhausted';
                      return (
                        <li key={order.id} className="motion-safe:animate-offer-in">
                          <button
                            type="button"
                            onClick={() => setOpenId(order.id)}
                            data-order-id={order.id}
                            className={`block w-full rounded-xl bg-surface p-3 text-left shadow-sm hover:ring-accent ${exhausted ? 'ring-2 ring-danger' : 'ring-1 ring-border'}`}
                          >
                            <span className="flex flex-wrap items-center justify-between gap-x-2 text-sm font-semibold text-fg">
                              {shortId(order.id)}
                              <span className="tabular-nums">{formatMoney(order.totalCents)}</span>
                            </span>
                            <span className="mt-1 block truncate text-xs text-fg-muted">{order.address}</span>
                            <span className="mt-1 flex justify-between text-xs text-fg-muted">
                              <span>{itemCount(order)}</span>
                              <span>{timeAgo(order.updatedAt)}</span>
                            </span>
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
