import { CircleCheck, MapPinOff, TriangleAlert, UserRoundX } from 'lucide-react';
import { type ReactNode, useEffect, useState } from 'react';
import type { Order, PartnerLocation } from '../api/types';
import { formatMoney, shortId } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { PageTitle } from '../components/ui';
import { useNow } from '../lib/use-now';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { statusLabel } from '../state/order-status';
import { AGE_TICK_MS, ageText } from './age';
import {
  type AttentionReason,
  attentionLabel,
  attentionOf,
  lastSignOf,
  SILENT_LIMIT_MS,
  WAITING_LIMIT_MS,
} from './attention';
import { OrderDrawer } from './order-drawer';
import { startOfToday } from './today';
import { loadWatched } from './watched-orders';

const reasons: AttentionReason[] = ['waiting', 'silent', 'flagged'];

const explain: Record<AttentionReason, string> = {
  waiting: `Placed over ${WAITING_LIMIT_MS / 60_000} min ago and no partner has it. Assign one, or call the customer.`,
  silent: `The partner holds the order and has sent no step or position for over ${SILENT_LIMIT_MS / 60_000} min.`,
  flagged: 'Delivered today more than 250 m from the address. Check with the customer that it arrived.',
};

const icons = { waiting: TriangleAlert, silent: UserRoundX, flagged: MapPinOff } as const;

/** The facts that matter for one reason, as a short line ("placed 7 min ago · Hackney store"). */
function detailOf(
  reason: AttentionReason,
  order: Order,
  locations: Readonly<Record<string, PartnerLocation>>,
  now: number,
): string {
  switch (reason) {
    case 'waiting':
      return `placed ${ageText(order.createdAt, now)} · ${order.store.name}`;
    case 'silent':
      return `${order.partnerName ?? 'Partner'} · ${statusLabel[order.status]} · last sign ${ageText(new Date(lastSignOf(order, locations)).toISOString(), now)}`;
    case 'flagged':
      return `delivered ${ageText(order.updatedAt, now)}${order.partnerName ? ` by ${order.partnerName}` : ''}`;
  }
}

/**
 * Everything stuck, in one list per reason, oldest first: orders waiting for a partner, partners gone silent
 * with an order, deliveries made far from the address. It follows the live feed (an order accepted leaves the
 * list at once; one waiting too long joins it as its age passes the limit) and opens the order's drawer.
 */
export function AttentionPage() {
  useDocumentTitle('Needs attention');
  const { live, dispatch, resyncVersion } = useRealtime();
  const watched = useResource(() => loadWatched({ from: startOfToday().toISOString() }), [resyncVersion]);
  const now = useNow(AGE_TICK_MS);
  const [openId, setOpenId] = useState<string | null>(null);
  const loaded = watched.status === 'ready' ? watched.data : null;
  useEffect(() => {
    if (loaded) dispatch({ type: 'orders-loaded', orders: loaded });
  }, [loaded, dispatch]);

  return (
    <div>
      <PageTitle>Needs attention</PageTitle>
      <ResourceView resource={watched} errorTitle="Could not check the orders">
        {(orders) => {
          // What was loaded, as the live feed has moved it since, and the orders placed after the load.
          const loadedIds = new Set(orders.map((order) => order.id));
          const current = [
            ...orders.map((order) => live.orders[order.id] ?? order),
            ...Object.values(live.orders).filter((order) => !loadedIds.has(order.id) && order.status !== 'delivered'),
          ];
          const byReason = new Map<AttentionReason, Order[]>(reasons.map((reason) => [reason, []]));
          for (const order of current)
            for (const reason of attentionOf(order, live.locations, now)) byReason.get(reason)!.push(order);
          for (const list of byReason.values()) list.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
          const total = [...byReason.values()].reduce((n, list) => n + list.length, 0);
          return (
            <div className="space-y-4">
              {/* Announced when the count changes, not at every tick of the ages below. */}
              <p role="status" className="sr-only">
                {total === 0
                  ? 'Nothing needs attention'
                  : `${total} ${total === 1 ? 'order needs' : 'orders need'} attention`}
              </p>
              {total === 0 ? (
                <EmptyState icon={CircleCheck} title="Nothing needs attention">
                  No order has waited over {WAITING_LIMIT_MS / 60_000} min, no partner with an order has gone silent,
                  and no delivery today was made far from its address.
                </EmptyState>
              ) : (
                reasons.map((reason) => (
                  <ReasonSection key={reason} reason={reason} count={byReason.get(reason)!.length}>
                    {byReason.get(reason)!.map((order) => (
                      <li key={order.id}>
                        <button
                          type="button"
                          onClick={() => setOpenId(order.id)}
                          data-order-id={order.id}
                          className="tap flex w-full flex-wrap items-center justify-between gap-x-4 gap-y-1 rounded-xl px-3 py-2.5 text-left hover:bg-surface-muted"
                        >
                          <span className="min-w-0">
                            <span className="block text-sm font-semibold text-fg">
                              {shortId(order.id)} · {order.customerName ?? 'Customer'}
                            </span>
                            <span className="block text-xs text-fg-muted">
                              {detailOf(reason, order, live.locations, now)}
                            </span>
                          </span>
                          <span className="text-sm text-fg tabular-nums">{formatMoney(order.totalCents)}</span>
                        </button>
                      </li>
                    ))}
                  </ReasonSection>
                ))
              )}
            </div>
          );
        }}
      </ResourceView>
      {openId && <OrderDrawer orderId={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}

function ReasonSection({ reason, count, children }: { reason: AttentionReason; count: number; children: ReactNode }) {
  const Icon = icons[reason];
  const id = `attention-${reason}`;
  return (
    <section
      aria-labelledby={id}
      data-reason={reason}
      className={`rounded-2xl bg-surface p-4 shadow-sm ${count > 0 ? 'ring-2 ring-danger' : 'ring-1 ring-border'}`}
    >
      <h2 id={id} className="flex items-center gap-2 text-base font-bold text-fg">
        <Icon aria-hidden="true" className={`size-4 ${count > 0 ? 'text-danger' : 'text-fg-muted'}`} />
        {attentionLabel[reason]}
        <span className="ml-auto rounded-full bg-surface-sunken px-2 py-0.5 text-xs tabular-nums">{count}</span>
      </h2>
      <p className="mt-1 text-sm text-fg-muted">{explain[reason]}</p>
      {count === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">None now.</p>
      ) : (
        <ul className="mt-2 divide-y divide-border">{children}</ul>
      )}
    </section>
  );
}
