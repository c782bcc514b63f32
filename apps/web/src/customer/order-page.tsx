import { ArrowLeft, Bike, Copy, KeyRound, LifeBuoy, MapPin, RotateCcw, Star } from 'lucide-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Order } from '../api/types';
import { DeliveryFacts } from '../components/delivery-facts';
import { formatDateTime, shortId } from '../components/format';
import { useAnnounce } from '../components/live-announcer';
import { OrderReceipt } from '../components/order-receipt';
import { OrderTimeline } from '../components/order-timeline';
import { useDocumentTitle } from '../components/page-chrome';
import { ErrorState, LoadingState } from '../components/states';
import { StatusBadge } from '../components/status-badge';
import { Button, Card } from '../components/ui';
import { useLater } from '../lib/use-later';
import { useResource } from '../lib/use-resource';
import { MapSlot, OrderMap } from '../map/lazy-maps';
import { useRealtime } from '../realtime/realtime-provider';
import { customerMayCancel, isFinished, showsPartnerPosition } from '../state/order-status';
import { useReorder } from './use-reorder';

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

/** The code the customer tells the partner at the door: the proof that the order was handed over. */
function HandoverCode({ code }: { code: string }) {
  return (
    <section
      aria-labelledby="handover-title"
      className="flex flex-wrap items-center justify-between gap-3 rounded-3xl bg-surface p-5 shadow-sm ring-2 ring-accent"
      data-testid="customer-handover"
    >
      <div className="min-w-0 flex-1 basis-48">
        <h2 id="handover-title" className="flex items-center gap-2 font-semibold text-fg">
          <KeyRound aria-hidden="true" className="size-5 shrink-0 text-accent-text" />
          Your delivery code
        </h2>
        <p className="mt-1 text-sm text-fg-muted">
          Give this code to your rider at the door. They need it to hand over your order; never share it before.
        </p>
      </div>
      <p className="font-mono text-5xl font-extrabold tracking-[0.25em] text-fg tabular-nums">
        <span aria-hidden="true" data-testid="customer-handover-code">
          {code}
        </span>
        <span className="sr-only">{code.split('').join(' ')}</span>
      </p>
    </section>
  );
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
  // Only this page's own answer carries the code (events never do): it stays the same for the whole order.
  const handoverCode = order?.handoverCode ?? fetched?.handoverCode ?? null;
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

      {handoverCode && !isFinished(order.status) && <HandoverCode code={handoverCode} />}

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
        <Receipt order={order} />
      </div>

      {order.status === 'delivered' && <RatingCard order={order} />}
      {isFinished(order.status) && <OrderAgain order={order} />}
      <HelpCard order={order} />

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

/** The receipt: who delivered, where, each line, items, delivery fee, tip, total, payment. */
function Receipt({ order }: { order: Order }) {
  return (
    <Card className="space-y-3 p-4">
      <section aria-labelledby="receipt-title" className="space-y-3">
        <h2 id="receipt-title" className="font-semibold text-fg">
          Receipt
        </h2>
        <p className="text-xs text-fg-muted">
          Order {shortId(order.id)} · {formatDateTime(order.createdAt)} · {order.store.name}
        </p>
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
        <OrderReceipt order={order} />
      </section>
    </Card>
  );
}

/** Stars and a comment once the order is delivered; the rating given, after. */
function RatingCard({ order }: { order: Order }) {
  const { dispatch } = useRealtime();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  // The answer's rating shows at once (the live copy of the order may only catch up with the next event).
  const [ratedNow, setRatedNow] = useState<Order['rating']>(null);
  const given = order.rating ?? ratedNow;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (stars === 0) return setError('Choose from 1 to 5 stars.');
    setPending(true);
    setError(undefined);
    try {
      const { order: rated } = await api.orders.rate(order.id, {
        stars,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      dispatch({ type: 'orders-loaded', orders: [rated] });
      setRatedNow(rated.rating);
      toast.success('Thanks for rating your delivery!');
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setPending(false);
    }
  }

  if (given)
    return (
      <Card className="p-4">
        <h2 className="font-semibold text-fg">Your rating</h2>
        <p className="mt-1 flex items-center gap-1">
          <span className="sr-only">{given.stars} out of 5 stars</span>
          {[1, 2, 3, 4, 5].map((n) => (
            <Star
              key={n}
              aria-hidden="true"
              className={`size-5 ${n <= given.stars ? 'fill-current text-amber-500 dark:text-amber-300' : 'text-fg-muted'}`}
            />
          ))}
        </p>
        {given.comment && <p className="mt-2 text-sm whitespace-pre-line text-fg-muted">“{given.comment}”</p>}
      </Card>
    );

  return (
    <Card className="p-4">
      <form onSubmit={submit} noValidate className="space-y-3" aria-labelledby="rate-title">
        <h2 id="rate-title" className="font-semibold text-fg">
          How was your delivery?
        </h2>
        <fieldset>
          <legend className="sr-only">Stars</legend>
          <div className="flex gap-1">
            {[1, 2, 3, 4, 5].map((n) => (
              <label
                key={n}
                className="tap grid cursor-pointer place-items-center rounded-lg has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--focus-ring)"
              >
                <input
                  type="radio"
                  name="stars"
                  value={n}
                  checked={stars === n}
                  onChange={() => setStars(n)}
                  className="sr-only"
                />
                <Star
                  aria-hidden="true"
                  className={`size-8 ${n <= stars ? 'fill-current text-amber-500 dark:text-amber-300' : 'text-fg-muted'}`}
                />
                <span className="sr-only">
                  {n} {n === 1 ? 'star' : 'stars'}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="block space-y-1.5">
          <span className="block text-sm font-medium text-fg">Comment (optional)</span>
          <textarea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={1000}
            rows={3}
            className="block w-full rounded-xl border border-border-strong bg-surface px-3.5 py-2.5 text-base text-fg shadow-sm placeholder:text-fg-muted focus:border-accent"
          />
        </label>
        {error && (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <Button type="submit" pending={pending}>
          Send rating
        </Button>
      </form>
    </Card>
  );
}

function OrderAgain({ order }: { order: Order }) {
  const { reorder, pendingId } = useReorder();
  return (
    <Button variant="secondary" pending={pendingId === order.id} onClick={() => reorder(order)}>
      <RotateCcw aria-hidden="true" className="size-4" />
      Order again
    </Button>
  );
}

/** Help: the order's id, ready to copy, to quote to support. */
function HelpCard({ order }: { order: Order }) {
  const [copied, setCopied] = useState(false);
  const later = useLater();
  async function copy() {
    try {
      await navigator.clipboard.writeText(order.id);
      setCopied(true);
      later(() => setCopied(false), 3000);
    } catch {
      toast.error('Could not copy; select the number and copy it by hand.');
    }
  }
  return (
    <Card className="space-y-2 p-4">
      <h2 className="flex items-center gap-2 font-semibold text-fg">
        <LifeBuoy aria-hidden="true" className="size-5 text-accent-text" />
        Need help with this order?
      </h2>
      <p className="text-sm text-fg-muted">
        Contact Swyft support at{' '}
        <a className="font-semibold text-accent-text underline" href="mailto:support@swyft.example">
          support@swyft.example
        </a>{' '}
        and give them this order number:
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="rounded-lg bg-surface-muted px-2 py-1 text-sm break-all text-fg" data-testid="order-id">
          {order.id}
        </code>
        <Button variant="secondary" size="sm" onClick={copy}>
          <Copy aria-hidden="true" className="size-4" />
          {copied ? 'Copied' : 'Copy order number'}
        </Button>
      </div>
      <p aria-live="polite" className="sr-only">
        {copied ? 'Order number copied' : ''}
      </p>
    </Card>
  );
}
