import { ReceiptText, RotateCcw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import { formatDateTime, formatMoney, shortId } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { StatusBadge } from '../components/status-badge';
import { Button, primaryLinkClass } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { useUser } from '../session/session-provider';
import { selectOrders } from '../state/live-orders';
import { isFinished } from '../state/order-status';
import { useReorder } from './use-reorder';

/** My orders, newest first; statuses move live. */
export function OrdersPage() {
  useDocumentTitle('Your orders');
  const user = useUser();
  const { live, dispatch, resyncVersion } = useRealtime();
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const first = useResource(() => api.orders.my({ limit: 20 }), [resyncVersion]);
  const page = first.status === 'ready' ? first.data : null;

  useEffect(() => {
    if (!page) return;
    dispatch({ type: 'orders-loaded', orders: page.items });
    setCursor(page.nextCursor);
  }, [page, dispatch]);

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await api.orders.my({ limit: 20, cursor });
      dispatch({ type: 'orders-loaded', orders: next.items });
      setCursor(next.nextCursor);
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setLoadingMore(false);
    }
  }

  const orders = selectOrders(live, (order) => order.customerId === user.id);
  const { reorder, pendingId } = useReorder();

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-fg">Your orders</h1>
      <ResourceView resource={first} errorTitle="Could not load your orders">
        {() =>
          orders.length === 0 ? (
            <EmptyState
              icon={ReceiptText}
              title="No orders yet"
              action={
                <Link to="/" className={primaryLinkClass}>
                  Start shopping
                </Link>
              }
            >
              Your orders will show up here, with live tracking.
            </EmptyState>
          ) : (
            <>
              <ul className="space-y-3">
                {orders.map((order) => (
                  <li
                    key={order.id}
                    className={`rounded-2xl border bg-surface shadow-sm transition hover:border-accent ${
                      isFinished(order.status) ? 'border-border' : 'border-accent ring-2 ring-accent-soft'
                    }`}
                  >
                    <Link to={`/orders/${order.id}`} className="block rounded-2xl p-4">
                      <div className="flex items-center justify-between gap-2">
                        <span className="font-semibold text-fg">Order {shortId(order.id)}</span>
                        <StatusBadge status={order.status} />
                      </div>
                      <p className="mt-1 line-clamp-1 text-sm text-fg-muted">
                        {order.items.map((item) => `${item.quantity}× ${item.name}`).join(', ')}
                      </p>
                      <div className="mt-2 flex justify-between text-sm text-fg-muted">
                        <span>{formatDateTime(order.createdAt)}</span>
                        <span className="font-semibold text-fg">{formatMoney(order.totalCents)}</span>
                      </div>
                    </Link>
                    {isFinished(order.status) && (
                      <div className="px-4 pb-3">
                        <Button
                          variant="secondary"
                          size="sm"
                          pending={pendingId === order.id}
                          onClick={() => reorder(order)}
                        >
                          <RotateCcw aria-hidden="true" className="size-4" />
                          Order again<span className="sr-only">: order {shortId(order.id)}</span>
                        </Button>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
              {cursor && (
                <div className="flex justify-center">
                  <Button variant="secondary" onClick={loadMore} pending={loadingMore}>
                    Show older orders
                  </Button>
                </div>
              )}
            </>
          )
        }
      </ResourceView>
    </div>
  );
}
