import {
  ArrowRight,
  Banknote,
  CheckCheck,
  CloudOff,
  CreditCard,
  LocateFixed,
  LocateOff,
  Navigation,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Order } from '../api/types';
import { DeliveryFacts } from '../components/delivery-facts';
import { formatMoney, shortId } from '../components/format';
import { StatusBadge } from '../components/status-badge';
import { Button } from '../components/ui';
import { navigationUrl } from '../geo/geo-text';
import { loadAppConfig } from '../map/app-config';
import { MapSlot, OrderMap } from '../map/lazy-maps';
import { useRealtime } from '../realtime/realtime-provider';
import { partnerNextStep } from '../state/order-status';
import { CODE_LENGTH, HandoverPanel } from './handover-panel';
import { HoldButton } from './hold-button';
import { type PartnerStatus, statusWithPending } from './outbox';
import { useOutbox, useOutboxState } from './outbox-provider';
import { attemptsLeftOf, stepLabel } from './outbox-words';
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
  const { dispatch } = useRealtime();
  const outbox = useOutbox();
  const { steps, refusals } = useOutboxState();
  const { mode, position } = usePositionSharing(order, (point) => void outbox.position(point));
  const [pending, setPending] = useState<'step' | 'release' | null>(null);
  const [code, setCode] = useState('');
  // HANDOVER_CODE=off: no code is asked for (the server says so in /app-config; until it answers, it is asked).
  const [codeAsked, setCodeAsked] = useState(true);
  useEffect(() => {
    let live = true;
    void loadAppConfig().then((config) => live && setCodeAsked(config.handoverCode ?? true));
    return () => {
      live = false;
    };
  }, []);
  const codeReady = !codeAsked || code.length === CODE_LENGTH;
  // What the partner has done, sent or not: the screen moves on at once; the server hears it when it can.
  const status = statusWithPending(order, steps);
  const waiting = steps.filter((s) => s.orderId === order.id);
  const next = partnerNextStep[status];
  const handoverRefusals = refusals.filter((r) => r.step.orderId === order.id && r.step.status === 'delivered');
  const lastHandover = handoverRefusals.at(-1);
  const locked = handoverRefusals.some((r) => r.error.code === 'handover_locked');
  const attemptsLeft = lastHandover && order.status === 'on_the_way' ? attemptsLeftOf(lastHandover) : null;

  /** Queues the next step (kept on the phone first); it is sent now, or as soon as there is a network. */
  async function step(to: PartnerStatus, handoverCode?: string) {
    setPending('step');
    try {
      const { outcome } = await outbox.queueStep({ orderId: order.id, action: 'status', status: to, handoverCode });
      if (to === 'delivered') setCode('');
      void outcome.then((result) => {
        if (result.kind === 'refused') {
          // The order may have moved on meanwhile (cancelled, given to someone else): show it as it is.
          void api.orders
            .get(order.id)
            .then((fresh) => dispatch({ type: 'orders-loaded', orders: [fresh.order] }))
            .catch(() => {});
        }
      });
    } catch (error) {
      toast.error(describeError(error, 'This phone could not save the step. Try again.'));
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
        <StatusBadge status={status} />
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
      {waiting.length > 0 && (
        <ul aria-label="Steps waiting for the network" className="space-y-1.5" data-testid="pending-steps">
          {waiting.map((queued) => (
            <li
              key={queued.idempotencyKey}
              className="flex items-center gap-2 rounded-xl bg-warning-soft px-3 py-2 text-sm text-warning-soft-fg ring-1 ring-warning-border"
              data-testid="pending-step"
            >
              <CloudOff aria-hidden="true" className="size-4 shrink-0" />
              <span className="font-semibold">{stepLabel(queued)}</span>
              <span className="ml-auto tabular-nums">
                {new Date(queued.actedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} · pending
              </span>
            </li>
          ))}
          <li className="px-1 text-xs text-fg-muted">
            Saved on this phone: sent by itself, in order, as soon as there is a network.
          </li>
        </ul>
      )}
      {status === 'delivered' && (
        <p className="flex items-center gap-2 font-semibold text-accent-text">
          <CheckCheck aria-hidden="true" className="size-5 shrink-0" />
          Delivered. It will be sent when you are back online.
        </p>
      )}
      {next?.to === 'delivered' && codeAsked && (
        <HandoverPanel code={code} onCode={setCode} attemptsLeft={attemptsLeft} locked={locked} />
      )}
      {status === 'accepted' && order.status === 'accepted' && (
        <Button variant="ghost" size="sm" onClick={release} pending={pending === 'release'} disabled={pending !== null}>
          Give this order back
        </Button>
      )}
      {next && !(next.to === 'delivered' && locked) && (
        <div className="fixed inset-x-0 bottom-0 z-20 border-t border-border bg-canvas px-4 pt-3 pb-4 shadow-lg">
          <div className="mx-auto max-w-xl">
            {next.to === 'delivered' ? (
              // A delivery cannot be taken back: held, never a single tap, and only with the full code.
              <HoldButton
                testId="confirm-delivery"
                disabled={pending !== null || !codeReady}
                hint={
                  codeReady
                    ? 'Press and hold for 1 second (or hold Space) to confirm.'
                    : 'Enter the customer’s 4-digit code first.'
                }
                onComplete={() => void step('delivered', codeAsked ? code : undefined)}
              >
                Hold to confirm delivery
              </HoldButton>
            ) : (
              <Button
                size="xl"
                variant="strong"
                className="w-full"
                onClick={() => void step(next.to as PartnerStatus)}
                pending={pending === 'step'}
                disabled={pending !== null}
              >
                {next.action}
                <ArrowRight aria-hidden="true" className="size-6" />
              </Button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
