import { useState } from 'react';
import type { Order } from '../api/types';
import { formatMoney, shortId, timeAgo } from '../components/format';
import { Button } from '../components/ui';

/** One offer: what, where, how much; Accept is the big thumb target. */
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
  const [pending, setPending] = useState<'accept' | 'decline' | null>(null);
  const count = order.items.reduce((n, item) => n + item.quantity, 0);
  const run = async (which: 'accept' | 'decline') => {
    setPending(which);
    try {
      await (which === 'accept' ? onAccept(order) : onDecline(order));
    } finally {
      setPending(null);
    }
  };
  return (
    <article
      aria-label={`Offer ${shortId(order.id)}`}
      data-testid="offer"
      className={`rounded-3xl bg-white p-4 shadow-sm ring-1 transition ${fresh ? 'animate-[offer-in_0.5s_ease-out] ring-2 ring-amber-400' : 'ring-slate-200'}`}
    >
      <div className="flex items-start justify-between gap-3">
        <div>
          <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {fresh ? '🔔 New · ' : ''}
            {shortId(order.id)} · {timeAgo(order.createdAt)}
          </p>
          <p className="mt-1 text-lg font-bold text-slate-900">
            {count} {count === 1 ? 'item' : 'items'} · {formatMoney(order.totalCents)}
          </p>
        </div>
        <span className="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-semibold text-slate-700">
          {order.payment.method === 'cash_on_delivery' ? '💶 Cash' : '💳 Prepaid'}
        </span>
      </div>
      <p className="mt-2 line-clamp-2 text-sm text-slate-600">📍 {order.address}</p>
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
