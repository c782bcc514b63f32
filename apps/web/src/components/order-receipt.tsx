import type { Order } from '../api/types';
import { formatMoney } from './format';

/**
 * An order's lines and its bill (items, delivery, tip, total) and how it is paid: the customer's receipt on
 * the order page, and the same in the admin's order drawer (`framed`: the lines in a ring of their own).
 */
export function OrderReceipt({ order, framed = false }: { order: Order; framed?: boolean }) {
  return (
    <>
      <ul className={`divide-y divide-border text-sm ${framed ? 'rounded-xl ring-1 ring-border' : ''}`}>
        {order.items.map((item) => (
          <li key={item.productId} className={`flex justify-between gap-2 ${framed ? 'px-3 py-2' : 'py-1.5'}`}>
            <span>
              {item.quantity}× {item.name}
            </span>
            <span className="tabular-nums">{formatMoney(item.priceCents * item.quantity)}</span>
          </li>
        ))}
      </ul>
      <dl className="space-y-1 border-t border-border pt-2 text-sm" data-testid="receipt">
        <div className="flex justify-between gap-2">
          <dt className="text-fg-muted">Items</dt>
          <dd className="tabular-nums">{formatMoney(order.itemsCents ?? order.totalCents)}</dd>
        </div>
        <div className="flex justify-between gap-2">
          <dt className="text-fg-muted">Delivery</dt>
          <dd className="tabular-nums">{order.deliveryFeeCents ? formatMoney(order.deliveryFeeCents) : 'Free'}</dd>
        </div>
        {order.tipCents > 0 && (
          <div className="flex justify-between gap-2">
            <dt className="text-fg-muted">Tip</dt>
            <dd className="tabular-nums">{formatMoney(order.tipCents)}</dd>
          </div>
        )}
        <div className="flex justify-between gap-2 pt-1 text-base font-bold">
          <dt>Total</dt>
          <dd className="tabular-nums">{formatMoney(order.totalCents)}</dd>
        </div>
      </dl>
      <p className="text-xs text-fg-muted">
        {order.payment.method === 'cash_on_delivery' ? 'Cash on delivery' : 'Prepaid'} · payment {order.payment.status}
      </p>
    </>
  );
}
