import { Banknote, CreditCard, type LucideIcon, ShoppingBasket } from 'lucide-react';
import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError, fieldErrors, shortLines } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { PaymentMethod } from '../api/types';
import { formatMoney, newIdempotencyKey } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { ProductImage } from '../components/product-image';
import { EmptyState } from '../components/states';
import { Button, Card, primaryLinkClass } from '../components/ui';
import { useRealtime } from '../realtime/realtime-provider';
import { useUser } from '../session/session-provider';
import { billOf, tipChoices } from '../state/bill';
import { reconcileCart, toOrderItems } from '../state/cart';
import type { CartStore } from '../state/cart-store';
import { DeliveryPointSection, useCheckoutDelivery } from './delivery-point-picker';
import { QuantityStepper } from './quantity-stepper';
import { useCart } from './use-cart';

const paymentOptions: { value: PaymentMethod; title: string; text: string; icon: LucideIcon }[] = [
  { value: 'cash_on_delivery', title: 'Cash on delivery', text: 'Pay the partner at the door', icon: Banknote },
  { value: 'prepaid', title: 'Prepaid', text: 'Paid now with your saved card', icon: CreditCard },
];

/**
 * The cart's stock limits follow the store that serves the delivery point: when the quote names a store,
 * its stock of the cart's products is read and the cart brought within it (as the catalog does).
 */
function useServingStoreStock(storeId: string | null, cart: CartStore): void {
  useEffect(() => {
    if (!storeId) return;
    let live = true;
    api.products.list({ storeId, limit: 100 }).then(
      (page) => {
        if (!live) return;
        const before = cart.get();
        cart.update((c) => reconcileCart(c, page.items));
        if (cart.get().lines.length < before.lines.length)
          toast.info('Some items are not in stock at the store that delivers to you; we took them out of your cart.');
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [storeId, cart]);
}

function samePoint(a: { lat: number; lng: number }, b: { lat: number; lng: number }): boolean {
  return a.lat === b.lat && a.lng === b.lng;
}

export function CartPage() {
  useDocumentTitle('Your cart');
  const user = useUser();
  const { cart, store, count, totalCents, setQuantity } = useCart();
  const { dispatch } = useRealtime();
  const navigate = useNavigate();
  const delivery = useCheckoutDelivery(user.id);
  const { point, quote } = delivery;
  useServingStoreStock(quote.status === 'ready' ? quote.quote.store.id : null, store);
  // A refusal of the point (or any form error) is about where the pin was: moving it clears the message.
  const lat = point?.location.lat;
  const lng = point?.location.lng;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the point's coordinates are the trigger
  useEffect(() => {
    setErrors((current) => (current.form ? { ...current, form: undefined } : current));
  }, [lat, lng]);
  const [payment, setPayment] = useState<PaymentMethod>('cash_on_delivery');
  const [tipCents, setTipCents] = useState(0);
  const bill = billOf(totalCents, quote.status === 'ready' ? quote.quote : null, tipCents);
  const billRef = useRef<HTMLElement>(null);
  const [errors, setErrors] = useState<{ address?: string; form?: string }>({});
  const [shortIds, setShortIds] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const addressRef = useRef<HTMLTextAreaElement>(null);
  const quoteRef = useRef<HTMLDivElement>(null);
  /** One key per distinct order: a double tap or a retry of the same order reuses it; a changed order gets a new one. */
  const attempt = useRef<{ body: string; key: string } | null>(null);

  async function placeOrder(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    if (!point) return;
    const address = point.line.trim();
    if (address.length < 5) {
      setErrors({
        address: point.addressId ? undefined : 'Enter the delivery address (street, number, floor)',
        form: point.addressId
          ? 'This saved address has no street line: choose “Somewhere else” to enter one.'
          : undefined,
      });
      addressRef.current?.focus();
      return;
    }
    if (quote.status === 'outside' && samePoint(quote.at, point.location)) {
      setErrors({
        form: 'We don’t deliver to this point yet. Move the pin into a green area, or choose another address.',
      });
      quoteRef.current?.focus();
      return;
    }
    if (bill.belowMinimumCents > 0) {
      // The bill says what is missing (one message): the focus goes there.
      setErrors({});
      billRef.current?.focus();
      return;
    }
    setErrors({});
    const body = {
      items: toOrderItems(cart),
      address,
      location: point.location,
      paymentMethod: payment,
      tipCents,
    };
    const bodyText = JSON.stringify(body);
    if (attempt.current?.body !== bodyText) attempt.current = { body: bodyText, key: newIdempotencyKey() };
    setPending(true);
    try {
      const { order } = await api.orders.place(body, attempt.current.key);
      attempt.current = null;
      dispatch({ type: 'orders-loaded', orders: [order] });
      store.clear();
      toast.success('Order placed! Finding you a delivery partner…');
      navigate(`/orders/${order.id}`);
    } catch (error) {
      setPending(false);
      if (error instanceof ApiError && error.code === 'insufficient_stock') return handleShortStock(error);
      if (error instanceof ApiError && error.code === 'outside_delivery_area') {
        quote.retry();
        quoteRef.current?.focus();
      }
      // One message per error, where it belongs (no toast repeating it).
      const fields = fieldErrors(error);
      setErrors(fields.address ? { address: fields.address } : { form: describeError(error) });
    }
  }

  /** Names the short lines and brings the cart down to what is left of each. */
  function handleShortStock(error: ApiError) {
    const lines = shortLines(error);
    const named = lines.map((line) => {
      const name = cart.lines.find((l) => l.productId === line.productId)?.name ?? 'An item';
      return line.available > 0 ? `${name} (only ${line.available} left)` : `${name} (sold out)`;
    });
    setShortIds(lines.map((line) => line.productId));
    const message = named.length > 0 ? `Not enough stock for ${named.join(', ')}.` : describeError(error);
    setErrors({ form: `${message} We updated your cart to what is left.` });
    const available = new Map(lines.map((line) => [line.productId, line.available]));
    store.update((c) =>
      reconcileCart(
        c,
        c.lines
          .filter((l) => available.has(l.productId))
          .map((l) => ({
            id: l.productId,
            name: l.name,
            priceCents: l.priceCents,
            stock: available.get(l.productId)!,
          })),
      ),
    );
  }

  if (cart.lines.length === 0) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold text-fg">Your cart</h1>
        <EmptyState
          icon={ShoppingBasket}
          title="Your cart is empty"
          action={
            <Link to="/" className={primaryLinkClass}>
              Start shopping
            </Link>
          }
        >
          Add a few things and we will bring them over in minutes.
        </EmptyState>
      </div>
    );
  }

  return (
    <form onSubmit={placeOrder} noValidate className="space-y-4 pb-28">
      <h1 className="text-2xl font-bold text-fg">Your cart</h1>
      <Card className="divide-y divide-border">
        <ul aria-label="Items in your cart">
          {cart.lines.map((line) => (
            <li
              key={line.productId}
              className={`flex items-center gap-3 p-3 ${shortIds.includes(line.productId) ? 'bg-danger-soft' : ''}`}
            >
              <ProductImage product={{ name: line.name }} className="size-12" />
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-fg">{line.name}</p>
                <p className="text-sm text-fg-muted">
                  {formatMoney(line.priceCents)}
                  {shortIds.includes(line.productId) && (
                    <span className="ml-2 font-semibold text-danger">Only {line.stock} left</span>
                  )}
                </p>
              </div>
              <QuantityStepper
                name={line.name}
                quantity={line.quantity}
                max={line.stock}
                onChange={(q) => setQuantity(line.productId, q)}
              />
            </li>
          ))}
        </ul>
      </Card>

      <Card className="p-4">
        <DeliveryPointSection delivery={delivery} lineError={errors.address} lineRef={addressRef} quoteRef={quoteRef} />
      </Card>

      <Card className="space-y-4 p-4">
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-fg">Payment</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {paymentOptions.map((option) => (
              <label
                key={option.value}
                className="flex cursor-pointer items-center gap-3 rounded-xl border border-border-strong p-3 has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:checked]:ring-1 has-[:checked]:ring-accent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--focus-ring)"
              >
                <input
                  type="radio"
                  name="payment"
                  value={option.value}
                  checked={payment === option.value}
                  onChange={() => setPayment(option.value)}
                  className="size-4 accent-(--color-accent) focus-visible:outline-none"
                />
                <option.icon aria-hidden="true" className="size-6 shrink-0 text-fg-muted" />
                <span>
                  <span className="block text-sm font-semibold text-fg">{option.title}</span>
                  <span className="block text-xs text-fg-muted">{option.text}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </Card>

      <Card className="p-4">
        <BillSection
          bill={bill}
          quoted={quote.status === 'ready'}
          minOrderCents={quote.status === 'ready' ? quote.quote.minOrderCents : 0}
          tipCents={tipCents}
          onTip={setTipCents}
          billRef={billRef}
        />
      </Card>

      {errors.form && (
        <p
          role="alert"
          className="rounded-xl bg-danger-soft px-4 py-3 text-sm font-medium text-danger-soft-fg ring-1 ring-danger-border"
        >
          {errors.form}
        </p>
      )}

      <div className="fixed inset-x-0 bottom-0 z-20 border-t border-border bg-surface/95 px-4 py-3 backdrop-blur">
        <div className="mx-auto flex max-w-3xl items-center gap-4">
          <div className="min-w-0 flex-1">
            <p className="text-xs text-fg-muted">
              {count} {count === 1 ? 'item' : 'items'} · total
            </p>
            <p className="text-lg font-extrabold text-fg" data-testid="cart-total">
              {formatMoney(bill.totalCents)}
            </p>
          </div>
          {/* Until the delivery point is known (the saved addresses and stores still loading), there is nothing to send. */}
          <Button type="submit" size="lg" pending={pending} disabled={!point} className="min-w-44">
            {pending ? 'Placing order…' : 'Place order'}
          </Button>
        </div>
      </div>
    </form>
  );
}

function minimumSentence(missingCents: number): string {
  return `Add ${formatMoney(missingCents)} more to reach this store’s minimum order.`;
}

/** What the order will cost: items, delivery (free from the store's threshold), the tip chosen, the total. */
function BillSection({
  bill,
  quoted,
  minOrderCents,
  tipCents,
  onTip,
  billRef,
}: {
  bill: ReturnType<typeof billOf>;
  quoted: boolean;
  minOrderCents: number;
  tipCents: number;
  onTip: (cents: number) => void;
  billRef: RefObject<HTMLElement | null>;
}) {
  return (
    <section ref={billRef} tabIndex={-1} className="space-y-4" aria-labelledby="bill-title">
      <h2 id="bill-title" className="font-semibold text-fg">
        Your bill
      </h2>
      <fieldset>
        <legend className="mb-1.5 text-sm font-medium text-fg">Tip for your delivery partner</legend>
        <div className="flex flex-wrap gap-2">
          {tipChoices.map((cents) => (
            <label
              key={cents}
              className="tap inline-flex cursor-pointer items-center rounded-full border border-border-strong px-4 py-1.5 text-sm font-semibold text-fg has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:checked]:text-accent-soft-fg has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--focus-ring)"
            >
              <input
                type="radio"
                name="tip"
                value={cents}
                checked={tipCents === cents}
                onChange={() => onTip(cents)}
                className="sr-only"
              />
              {cents === 0 ? 'No tip' : formatMoney(cents)}
            </label>
          ))}
        </div>
      </fieldset>
      <dl className="space-y-1.5 text-sm" data-testid="bill">
        <div className="flex justify-between gap-2">
          <dt className="text-fg-muted">Items</dt>
          <dd className="tabular-nums text-fg">{formatMoney(bill.itemsCents)}</dd>
        </div>
        <div className="flex justify-between gap-2">
          <dt className="text-fg-muted">Delivery</dt>
          <dd className="tabular-nums text-fg" data-testid="bill-delivery">
            {!quoted
              ? 'Choose where to deliver'
              : bill.deliveryFeeCents === 0
                ? 'Free'
                : formatMoney(bill.deliveryFeeCents)}
          </dd>
        </div>
        {bill.tipCents > 0 && (
          <div className="flex justify-between gap-2">
            <dt className="text-fg-muted">Tip</dt>
            <dd className="tabular-nums text-fg">{formatMoney(bill.tipCents)}</dd>
          </div>
        )}
        <div className="flex justify-between gap-2 border-t border-border pt-2 text-base font-bold">
          <dt>Total</dt>
          <dd className="tabular-nums" data-testid="bill-total">
            {formatMoney(bill.totalCents)}
          </dd>
        </div>
      </dl>
      <div aria-live="polite" className="space-y-2 empty:hidden">
        {bill.toFreeDeliveryCents !== null && (
          <p className="rounded-xl bg-accent-soft px-3 py-2 text-sm font-medium text-accent-soft-fg">
            Add {formatMoney(bill.toFreeDeliveryCents)} for free delivery.
          </p>
        )}
        {bill.belowMinimumCents > 0 && (
          <p className="rounded-xl bg-warning-soft px-3 py-2 text-sm font-medium text-warning-soft-fg ring-1 ring-warning-border">
            This store delivers orders from {formatMoney(minOrderCents)}. {minimumSentence(bill.belowMinimumCents)}
          </p>
        )}
      </div>
    </section>
  );
}
