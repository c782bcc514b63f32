import { Banknote, CreditCard, MapPin, Store } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { Order } from '../api/types';
import { formatMoney } from '../components/format';
import { Button } from '../components/ui';
import { formatDistance } from '../geo/geo-text';
import type { LiveState } from '../state/live-orders';
import { OfferCountdown } from './offer-countdown';
import { useOfferActions } from './use-offer-actions';

export type MyOffer = LiveState['myOffers'][string];
export interface Takeover {
  order: Order;
  offer: MyOffer;
}

/** How long "Offer ended" stays on screen before the partner's list comes back. */
export const ENDED_MS = 3000;

/**
 * An offer made to this partner alone (nearest dispatch) takes the whole screen: the store and how far it is,
 * what to carry, what it pays, the time left, one big Accept and a Decline. A modal dialog: focus moves into
 * it (onto Accept) and stays there; Escape puts it back in the list below ("Not now"), Decline turns it down.
 * When the offer goes (its wave ended, someone else took it) a short message says so, then it closes.
 */
export function OfferTakeover({
  current,
  endedMessage,
  onAccept,
  onDecline,
  onLater,
}: {
  current: Takeover | null;
  /** Why an offer that vanished while on screen is gone; undefined when the partner answered it themself. */
  endedMessage: (takeover: Takeover) => { title: string; detail: string } | undefined;
  onAccept: (order: Order) => Promise<void>;
  onDecline: (order: Order) => Promise<void>;
  onLater: (orderId: string) => void;
}) {
  const [ended, setEnded] = useState<{ takeover: Takeover; title: string; detail: string } | null>(null);
  const previous = useRef<Takeover | null>(null);
  const endedRef = useRef(endedMessage);
  endedRef.current = endedMessage;

  useEffect(() => {
    const before = previous.current;
    previous.current = current;
    if (current) {
      setEnded(null);
      return;
    }
    if (!before) return;
    const message = endedRef.current(before);
    if (!message) return;
    setEnded({ takeover: before, ...message });
    const timer = setTimeout(() => setEnded(null), ENDED_MS);
    return () => clearTimeout(timer);
  }, [current]);

  if (current)
    return <TakeoverDialog key={current.order.id} takeover={current} {...{ onAccept, onDecline, onLater }} />;
  if (ended) return <EndedDialog title={ended.title} detail={ended.detail} onClose={() => setEnded(null)} />;
  return null;
}

function useModal(onCancel: () => void) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal?.();
    const onCancelEvent = (event: Event) => {
      event.preventDefault();
      cancel.current();
    };
    element.addEventListener('cancel', onCancelEvent);
    return () => {
      element.removeEventListener('cancel', onCancelEvent);
      if (element.open) element.close?.();
    };
  }, []);
  return dialog;
}

const dialogClass =
  'fixed inset-0 m-0 h-dvh max-h-none w-full max-w-none overflow-y-auto bg-surface p-0 text-fg backdrop:bg-slate-950/70 sm:inset-auto sm:top-1/2 sm:left-1/2 sm:h-auto sm:max-h-[90dvh] sm:max-w-md sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-3xl sm:shadow-2xl';

function TakeoverDialog({
  takeover: { order, offer },
  onAccept,
  onDecline,
  onLater,
}: {
  takeover: Takeover;
  onAccept: (order: Order) => Promise<void>;
  onDecline: (order: Order) => Promise<void>;
  onLater: (orderId: string) => void;
}) {
  const dialog = useModal(() => onLater(order.id));
  const { pending, run } = useOfferActions(order, onAccept, onDecline);
  const count = order.items.reduce((n, item) => n + item.quantity, 0);
  const cash = order.payment.method === 'cash_on_delivery';
  return (
    <dialog
      ref={dialog}
      aria-labelledby="takeover-title"
      aria-describedby="takeover-summary"
      data-testid="offer-takeover"
      className={dialogClass}
    >
      <div className="flex min-h-full flex-col gap-5 p-5 motion-safe:animate-offer-in">
        <div>
          <p className="text-xs font-bold tracking-wide text-warning-soft-fg uppercase">
            New offer for you · wave {offer.wave}
          </p>
          <h2 id="takeover-title" className="mt-1 text-2xl font-extrabold text-fg">
            {count} {count === 1 ? 'item' : 'items'} · {formatMoney(order.totalCents)}
          </h2>
        </div>
        <div id="takeover-summary" className="space-y-3">
          <p className="flex items-start gap-2 text-base">
            <Store aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-fg-muted" />
            <span>
              <span className="font-semibold">Pick up at {order.store.name}</span>
              <span className="block text-sm text-fg-muted" data-testid="takeover-distance">
                {offer.distanceMeters === undefined
                  ? 'Distance to the store: finding out…'
                  : `${formatDistance(offer.distanceMeters)} from you`}
              </span>
            </span>
          </p>
          <p className="flex items-start gap-2 text-base">
            <MapPin aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-fg-muted" />
            <span>
              <span className="sr-only">Deliver to </span>
              <span className="line-clamp-2 whitespace-pre-line">{order.address}</span>
            </span>
          </p>
          <ul className="divide-y divide-border rounded-2xl text-sm ring-1 ring-border" aria-label="Items">
            {order.items.map((item) => (
              <li key={item.productId} className="flex justify-between gap-3 px-3 py-2">
                <span>
                  {item.quantity}× {item.name}
                </span>
                <span className="tabular-nums text-fg-muted">{formatMoney(item.priceCents * item.quantity)}</span>
              </li>
            ))}
            <li className="flex items-center justify-between gap-3 px-3 py-2 font-semibold">
              <span className="inline-flex items-center gap-1.5">
                {cash ? (
                  <Banknote aria-hidden="true" className="size-4" />
                ) : (
                  <CreditCard aria-hidden="true" className="size-4" />
                )}
                {cash ? 'Cash on delivery' : 'Prepaid'}
              </span>
              <span className="tabular-nums">{formatMoney(order.totalCents)}</span>
            </li>
          </ul>
        </div>
        <OfferCountdown expiresAt={offer.expiresAt} />
        <div className="mt-auto space-y-2">
          <Button
            size="lg"
            className="h-16 w-full text-lg"
            autoFocus
            onClick={() => run('accept')}
            pending={pending === 'accept'}
            disabled={pending !== null}
          >
            Accept order
          </Button>
          <Button
            variant="secondary"
            size="lg"
            className="w-full"
            onClick={() => run('decline')}
            pending={pending === 'decline'}
            disabled={pending !== null}
          >
            Decline
          </Button>
          <p className="text-center text-xs text-fg-muted">Esc puts it back in your list of offers.</p>
        </div>
      </div>
    </dialog>
  );
}

function EndedDialog({ title, detail, onClose }: { title: string; detail: string; onClose: () => void }) {
  const dialog = useModal(onClose);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="takeover-ended-title"
      aria-describedby="takeover-ended-detail"
      data-testid="offer-ended"
      className={dialogClass}
    >
      <div className="flex min-h-full flex-col items-center justify-center gap-3 p-6 text-center" role="status">
        <h2 id="takeover-ended-title" className="text-xl font-bold text-fg">
          {title}
        </h2>
        <p id="takeover-ended-detail" className="text-fg-muted">
          {detail}
        </p>
        <Button variant="secondary" size="lg" className="mt-2 w-full" autoFocus onClick={onClose}>
          Back to offers
        </Button>
      </div>
    </dialog>
  );
}
