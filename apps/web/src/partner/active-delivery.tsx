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
      toast.success(next.to === 'delivered' ? 'Delivered! Great job 🎉' : statusLabel[next.to], { duration: 1500 });
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
      className="space-y-3 rounded-3xl bg-white p-4 shadow-md ring-2 ring-emerald-500"
      data-testid="active-delivery"
    >
      <div className="flex items-center justify-between gap-2">
        <div>
          <p className="text-xs font-semibold tracking-wide text-emerald-700 uppercase">Active delivery</p>
          <p className="text-lg font-bold text-slate-900">
            {shortId(order.id)} · {formatMoney(order.totalCents)}
          </p>
        </div>
        <StatusBadge status={order.status} />
      </div>
      <RouteMap orderId={order.id} partner={position} label="Your route" />
      <p className="text-xs text-slate-500" aria-live="polite">
        {mode === 'gps'
          ? '📡 Sharing your live GPS position with the customer'
          : mode === 'simulated'
            ? '🧭 Location unavailable: sharing a simulated route (demo)'
            : 'Starting location sharing…'}
      </p>
      <div className="rounded-2xl bg-slate-50 p-3 text-sm">
        <p className="font-semibold text-slate-900">📍 {order.address}</p>
        <p className="mt-1 text-slate-600">
          {count} {count === 1 ? 'item' : 'items'}:{' '}
          {order.items.map((item) => `${item.quantity}× ${item.name}`).join(', ')}
        </p>
        <p className="mt-1 font-medium text-slate-800">
          {order.payment.method === 'cash_on_delivery'
            ? `💶 Collect ${formatMoney(order.totalCents)} in cash`
            : '💳 Prepaid: nothing to collect'}
        </p>
      </div>
      {order.status === 'accepted' && (
        <Button variant="ghost" size="sm" onClick={release} pending={pending === 'release'} disabled={pending !== null}>
          Give this order back
        </Button>
      )}
      {next && (
        <div className="fixed inset-x-0 bottom-0 z-20 bg-gradient-to-t from-slate-100 via-slate-100/95 to-transparent px-4 pt-6 pb-4">
          <div className="mx-auto max-w-xl">
            <Button
              size="xl"
              variant={next.to === 'delivered' ? 'primary' : 'dark'}
              className="w-full"
              onClick={step}
              pending={pending === 'step'}
              disabled={pending !== null}
            >
              {next.action} →
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
