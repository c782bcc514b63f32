import { ArrowLeft, Bike, MapPin } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Order } from '../api/types';
import { DeliveryFacts } from '../components/delivery-facts';
import { formatMoney, shortId } from '../components/format';
import { useAnnounce } from '../components/live-announcer';
import { OrderTimeline } from '../components/order-timeline';
import { useDocumentTitle } from '../components/page-chrome';
import { ErrorState, LoadingState } from '../components/states';
import { StatusBadge } from '../components/status-badge';
import { Button, Card } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { MapSlot, OrderMap } from '../map/lazy-maps';
import { useRealtime } from '../realtime/realtime-provider';
import { customerMayCancel, isFinished, showsPartnerPosition } from '../state/order-status';

/** The name of the partner holding the order, once one does. */
export function partnerNameOf(order: Order): string | null {
  return order.partner?.name || null;
}

function headline(order: Order): { title: string; text: string } {
  const partner = partnerNameOf(order) ?? 'Your delivery partner';
  switch (order.status) {
    case 'placed':
      return { title: 'Finding a delivery partner…', text: 'Hang tight, this usually takes under a minute.' };
    case 'accepted':
      return { title: `${partner} accepted your order`, text: 'They are heading to the store.' };
    case 'preparing':
      return { title: 'Your order is being packed', text: `${partner} is at the store picking your items.` };
    case 'picked_up':
      return { title: 'Picked up!', text: `${partner} has your bag and is about to leave.` };
    case 'on_the_way':
      return { title: 'On the way to you', text: `${partner} is riding over. Keep your phone close.` };
    case 'delivered':
      return { title: 'Delivered. Enjoy!', text: 'Thanks for ordering with Swyft.' };
    case 'cancelled':
      return { title: 'Order cancelled', text: 'Nothing will be charged. The items went back on the shelf.' };
  }
}

/**
 * Speaks each new step of the order as it arrives by socket (not the step the page opened on): the customer
 * may be listening rather than looking.
 */
function useAnnounceSteps(order: Order | null | undefined): void {
  const announce = useAnnounce();
  const seen = useRef<{ id: string; status: string } | null>(null);
  const id = order?.id;
  const status = order?.status;
  // Only a change of order or of step speaks; other updates of the same order do not.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `order` is read only for the words of that step
  useEffect(() => {
    if (!order || !id || !status) return;
    if (seen.current?.id === id && seen.current.status !== status) {
      const { title, text } = headline(order);
      announce(`${title}. ${text}`);
    }
    seen.current = { id, status };
  }, [id, status, announce]);
}

/** One order, live: the timeline moves, the partner appears on the map while on the way. */
export function OrderPage() {
  const { orderId = '' } = useParams();
  useDocumentTitle(`Order ${shortId(orderId)}`);
  const { live, dispatch, resyncVersion } = useRealtime();
  const loaded = useResource(() => api.orders.get(orderId), [orderId, resyncVersion]);
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const fetched = loaded.status === 'ready' ? loaded.data.order : null;

  useEffect(() => {
    if (fetched) dispatch({ type: 'orders-loaded', orders: [fetched] });
  }, [fetched, dispatch]);

  const order = live.orders[orderId] ?? fetched;
  useAnnounceSteps(order);
  if (!order) {
    if (loaded.status === 'error')
      return <ErrorState error={loaded.error} onRetry={loaded.reload} title="Could not load this order" />;
    return <LoadingState rows={4} label="Loading your order…" />;
  }

  const location = order.partnerId ? live.locations[order.partnerId] : undefined;
  const { title, text } = headline(order);
  const showsPartner = showsPartnerPosition(order.status);

  async function cancel() {
    setCancelling(true);
    try {
      const { order: updated } = await api.orders.cancel(order!.id);
      dispatch({ type: 'orders-loaded', orders: [updated] });
      toast.success('Order cancelled');
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setCancelling(false);
      setConfirming(false);
    }
  }

  return (
    <div className="space-y-4">
      <Link
        to="/orders"
        className="tap -ml-1 inline-flex items-center gap-1 rounded-lg px-1 text-sm font-semibold text-accent-text hover:underline"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        All orders
      </Link>
      <section
        aria-labelledby="order-headline"
        className={`rounded-3xl p-5 shadow-sm ${order.status === 'cancelled' ? 'chrome' : 'brand'}`}
      >
        <div className="flex items-center justify-between gap-2">
          <p className="text-sm font-medium">Order {shortId(order.id)}</p>
          <StatusBadge status={order.status} />
        </div>
        <h1 id="order-headline" className="mt-2 text-2xl font-extrabold leading-tight" data-testid="order-headline">
          {title}
        </h1>
        <p className="mt-1 text-sm">{text}</p>
        {order.status === 'placed' && (
          <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-white/25" aria-hidden="true">
            <div className="h-full w-1/3 rounded-full bg-white motion-safe:animate-searching" />
          </div>
        )}
      </section>

      {!isFinished(order.status) && (
        <section aria-labelledby="where-title" className="space-y-2">
          <h2 id="where-title" className="font-semibold text-fg">
            Where your order is
          </h2>
          <div className="grid gap-4 md:grid-cols-[3fr_2fr]">
            <MapSlot className="h-64 sm:h-72">
              <OrderMap
                label="Your delivery on the map"
                store={order.store}
                destination={order.destination}
                partner={showsPartner ? location : null}
              />
            </MapSlot>
            <Card className="p-4">
              <DeliveryFacts
                order={order}
                partner={location}
                partnerTerm={partnerNameOf(order) ?? 'Your partner'}
                showPartner={showsPartner}
              />
            </Card>
          </div>
        </section>
      )}

      <div className="grid gap-4 md:grid-cols-2">
        <Card className="p-4">
          <h2 className="mb-3 font-semibold text-fg">Progress</h2>
          <OrderTimeline order={order} />
        </Card>
        <Card className="space-y-3 p-4">
          <h2 className="font-semibold text-fg">Details</h2>
          {order.partnerId && (
            <p className="flex items-center gap-2 text-sm">
              <Bike aria-hidden="true" className="size-4 shrink-0 text-fg-muted" />
              <span>
                Delivery partner: <strong>{partnerNameOf(order) ?? 'your Swyft partner'}</strong>
              </span>
            </p>
          )}
          <p className="flex gap-2 text-sm">
            <MapPin aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-fg-muted" />
            <span className="whitespace-pre-line">{order.address}</span>
          </p>
          <ul className="divide-y divide-border text-sm">
            {order.items.map((item) => (
              <li key={item.productId} className="flex justify-between gap-2 py-1.5">
                <span>
                  {item.quantity}× {item.name}
                </span>
                <span className="tabular-nums">{formatMoney(item.priceCents * item.quantity)}</span>
              </li>
            ))}
          </ul>
          <div className="flex justify-between border-t border-border pt-2 font-bold">
            <span>Total</span>
            <span className="tabular-nums">{formatMoney(order.totalCents)}</span>
          </div>
          <p className="text-xs text-fg-muted">
            {order.payment.method === 'cash_on_delivery' ? 'Cash on delivery' : 'Prepaid'} · payment{' '}
            {order.payment.status}
          </p>
        </Card>
      </div>

      {customerMayCancel(order) &&
        (confirming ? (
          <div
            role="alertdialog"
            aria-labelledby="cancel-title"
            className="flex flex-wrap items-center gap-3 rounded-2xl bg-danger-soft p-4 ring-1 ring-danger-border"
          >
            <p id="cancel-title" className="flex-1 text-sm font-medium text-danger-soft-fg">
              Cancel this order? Items go back on the shelf.
            </p>
            <Button variant="danger" pending={cancelling} onClick={cancel} autoFocus>
              Yes, cancel order
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)} disabled={cancelling}>
              Keep it
            </Button>
          </div>
        ) : (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Cancel order
          </Button>
        ))}
    </div>
  );
}
