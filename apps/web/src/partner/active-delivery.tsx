import { ArrowRight, Banknote, CreditCard, LocateFixed, MapPin, Navigation } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Order } from '../api/types';
import { formatMoney, shortId } from '../components/format';
import { RouteMap } from '../components/route-map';
import { StatusBadge } from '../components/status-badge';
import { Button } from '../components/ui';
import { useRealtime } from '../realtime/realtime-provider';
import { partnerNextStep, statusLabel } from '../state/order-status';
import { usePositionSharing } from './use-position-sharing';

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
      <RouteMap orderId={order.id} partner={position} label="Your route" />
      <p className="flex items-center gap-1.5 text-xs text-fg-muted" aria-live="polite">
        {mode === 'gps' && <LocateFixed aria-hidden="true" className="size-4 shrink-0" />}
        {mode === 'simulated' && <Navigation aria-hidden="true" className="size-4 shrink-0" />}
        {mode === 'gps'
          ? 'Sharing your live GPS position with the customer'
          : mode === 'simulated'
            ? 'Location unavailable: sharing a simulated route (demo)'
            : 'Starting location sharing…'}
      </p>
      <div className="space-y-1 rounded-2xl bg-surface-muted p-3 text-sm">
        <p className="flex gap-1.5 font-semibold text-fg">
          <MapPin aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          {order.address}
        </p>
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
