import { Banknote, BellRing, CreditCard, MapPin } from 'lucide-react';
import type { Order } from '../api/types';
import { formatMoney, shortId, timeAgo } from '../components/format';
import { Button } from '../components/ui';
import { OfferCountdown, offerExpiresAt } from './offer-countdown';
import { useOfferActions } from './use-offer-actions';

/** One offer: what, where, how much, how long it lasts; Accept is the big thumb target. */
export function OfferCard({
  order,
  fresh,
  onAccept,
  onDecline,
}: {
  order: Order;
  fresh: boolean;
  onAccept: (order: Order) => Promise<void>;
  onDecline: (order: Order) => Promise<void>;
}) {
  const { pending, run } = useOfferActions(order, onAccept, onDecline);
  const count = order.items.reduce((n, item) => n + item.quantity, 0);
  const expiresAt = offerExpiresAt(order);
  const cash = order.payment.method === 'cash_on_delivery';
  return (
    <article
      aria-label={`Offer ${shortId(order.id)}`}
      data-testid="offer"
      className={`rounded-3xl bg-surface p-4 shadow-sm ring-1 transition ${fresh ? 'ring-2 ring-amber-500 motion-safe:animate-offer-in' : 'ring-border'}`}
    >
      <div className="flex items-start justify-between gap-3">
        <div>
          <p className="flex items-center gap-1 text-xs font-semibold tracking-wide text-fg-muted uppercase">
            {fresh && (
              <span className="inline-flex items-center gap-1 text-warning-soft-fg">
                <BellRing aria-hidden="true" className="size-3.5" />
                New ·
              </span>
            )}
            {shortId(order.id)} · {timeAgo(order.createdAt)}
          </p>
          <p className="mt-1 text-lg font-bold text-fg">
            {count} {count === 1 ? 'item' : 'items'} · {formatMoney(order.totalCents)}
          </p>
        </div>
        <span className="inline-flex items-center gap-1.5 rounded-full bg-surface-muted px-2.5 py-1 text-xs font-semibold text-fg">
          {cash ? (
            <Banknote aria-hidden="true" className="size-4" />
          ) : (
            <CreditCard aria-hidden="true" className="size-4" />
          )}
          {cash ? 'Cash' : 'Prepaid'}
        </span>
      </div>
      <p className="mt-2 flex gap-1.5 text-sm text-fg-muted">
        <MapPin aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <span className="line-clamp-2">{order.address}</span>
      </p>
      {expiresAt && (
        <div className="mt-3">
          <OfferCountdown expiresAt={expiresAt} />
        </div>
      )}
      <div className="mt-4 flex gap-2">
        <Button
          variant="secondary"
          size="lg"
          onClick={() => run('decline')}
          pending={pending === 'decline'}
          disabled={pending !== null}
        >
          Decline
        </Button>
        <Button
          size="lg"
          className="flex-1"
          onClick={() => run('accept')}
          pending={pending === 'accept'}
          disabled={pending !== null}
        >
          Accept order
        </Button>
      </div>
    </article>
  );
}
