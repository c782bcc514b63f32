import { ArrowRight, Banknote, CreditCard, LocateFixed, LocateOff, Navigation } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Order } from '../api/types';
import { DeliveryFacts } from '../components/delivery-facts';
import { formatMoney, shortId } from '../components/format';
import { StatusBadge } from '../components/status-badge';
import { Button } from '../components/ui';
import { navigationUrl } from '../geo/geo-text';
import { MapSlot, OrderMap } from '../map/lazy-maps';
import { useRealtime } from '../realtime/realtime-provider';
import { partnerNextStep, statusLabel } from '../state/order-status';
import { usePositionSharing } from './use-position-sharing';

const sharingText: Record<ReturnType<typeof usePositionSharing>['mode'], string> = {
  off: '',
  starting: 'Starting location sharing…',
  gps: 'Sharing your live position with the customer',
  denied:
    'Location is not allowed: the customer cannot see you coming. Allow location for Swyft in your browser’s settings.',
  unavailable: 'Your position is not available right now: the customer cannot see you coming.',
};

/** The delivery in hand: where to go, what to bring, and one big button for the next step. */
export function ActiveDelivery({ order }: { order: Order }) {
  const { client, dispatch } = useRealtime();
  const { mode, position } = usePositionSharing(order, client);
  const [pending, setPending] = useState<'step' | 'release' | null>(null);
  const next = partnerNextStep[order.status];

  async function step() {
    if (!next) return;
    setPending('step');
    try {
      const { order: updated } = await api.orders.setStatus(order.id, next.to);
      dispatch({ type: 'orders-loaded', orders: [updated] });
      toast.success(next.to === 'delivered' ? 'Delivered. Great job!' : statusLabel[next.to], { duration: 1500 });
    } catch (error) {
      toast.error(describeError(error));
      if (error instanceof ApiError && error.code === 'invalid_transition') {
        const fresh = await api.orders.get(order.id).catch(() => null);
        if (fresh) dispatch({ type: 'orders-loaded', orders: [fresh.order] });
      }
    } finally {
      setPending(null);
    }
  }

  async function release() {
    setPending('release');
    try {
      const { order: updated } = await api.orders.reject(order.id);
      dispatch({ type: 'orders-loaded', orders: [updated] });
      dispatch({ type: 'offer-declined', orderId: order.id });
      toast('Order given back', { description: 'Another partner will pick it up.' });
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setPending(null);
    }
  }

  const count = order.items.reduce((n, item) => n + item.quantity, 0);
  return (
    <section
      aria-label={`Active delivery ${shortId(order.id)}`}
      className="space-y-3 rounded-3xl bg-surface p-4 shadow-md ring-2 ring-accent"
      data-testid="active-delivery"
    >
      <div className="flex items-center justify-between gap-2">
        <div>
          <h2 className="text-xs font-semibold tracking-wide text-accent-text uppercase">Active delivery</h2>
          <p className="text-lg font-bold text-fg">
            {shortId(order.id)} · {formatMoney(order.totalCents)}
          </p>
        </div>
        <StatusBadge status={order.status} />
      </div>
      <div className="grid gap-3 md:grid-cols-[3fr_2fr]">
        <MapSlot className="h-56 sm:h-64">
          <OrderMap
            label="Store and destination of this delivery"
            store={order.store}
            destination={order.destination}
            partner={position}
            className="h-56 sm:h-64"
          />
        </MapSlot>
        <div className="space-y-3">
          <DeliveryFacts order={order} partner={position} partnerTerm="You" showPartner={position !== null} />
          {order.destination && (
            <a
              href={navigationUrl(order.destination)}
              target="_blank"
              rel="noreferrer"
              className="tap inline-flex h-11 items-center gap-2 rounded-xl bg-accent px-4 font-semibold text-accent-fg shadow-sm hover:bg-accent-hover"
            >
              <Navigation aria-hidden="true" className="size-5" />
              Navigate
              <span className="sr-only">to the customer (opens your navigation app)</span>
            </a>
          )}
        </div>
      </div>
      <p className="flex items-center gap-1.5 text-xs text-fg-muted" aria-live="polite">
        {mode === 'gps' ? (
          <LocateFixed aria-hidden="true" className="size-4 shrink-0" />
        ) : mode === 'denied' || mode === 'unavailable' ? (
          <LocateOff aria-hidden="true" className="size-4 shrink-0" />
        ) : null}
        {sharingText[mode]}
      </p>
      <div className="space-y-1 rounded-2xl bg-surface-muted p-3 text-sm">
        <p className="text-fg-muted">
          {count} {count === 1 ? 'item' : 'items'}:{' '}
          {order.items.map((item) => `${item.quantity}× ${item.name}`).join(', ')}
        </p>
        <p className="flex items-center gap-1.5 font-medium text-fg">
          {order.payment.method === 'cash_on_delivery' ? (
            <Banknote aria-hidden="true" className="size-4 shrink-0" />
          ) : (
            <CreditCard aria-hidden="true" className="size-4 shrink-0" />
          )}
          {order.payment.method === 'cash_on_delivery'
            ? `Collect ${formatMoney(order.totalCents)} in cash`
            : 'Prepaid: nothing to collect'}
        </p>
      </div>
      {order.status === 'accepted' && (
        <Button variant="ghost" size="sm" onClick={release} pending={pending === 'release'} disabled={pending !== null}>
          Give this order back
        </Button>
      )}
      {next && (
        <div className="fixed inset-x-0 bottom-0 z-20 bg-gradient-to-t from-canvas via-canvas/95 to-transparent px-4 pt-6 pb-4">
          <div className="mx-auto max-w-xl">
            <Button
              size="xl"
              variant={next.to === 'delivered' ? 'primary' : 'strong'}
              className="w-full"
              onClick={step}
              pending={pending === 'step'}
              disabled={pending !== null}
            >
              {next.action}
              <ArrowRight aria-hidden="true" className="size-6" />
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
