import { X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { OrderStatus } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { selectClass } from '../components/field';
import { formatDateTime, newIdempotencyKey, shortId } from '../components/format';
import { OrderReceipt } from '../components/order-receipt';
import { OrderTimeline } from '../components/order-timeline';
import { ErrorState, LoadingState } from '../components/states';
import { StatusBadge } from '../components/status-badge';
import { Button } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { MapSlot, OrderMap } from '../map/lazy-maps';
import { useRealtime } from '../realtime/realtime-provider';
import { dispatchFromEvents } from '../state/live-orders';
import { adminMoves, isFinished, showsPartnerPosition, statusLabel } from '../state/order-status';
import { Age } from './age';
import { CandidateList, usePartners, WaveLine } from './dispatch-status';

/** One order in a side panel (a modal dialog: focus kept inside, Escape closes), with the admin's moves. */
export function OrderDrawer({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { live, dispatch } = useRealtime();
  const loaded = useResource(() => api.orders.get(orderId), [orderId]);
  const [target, setTarget] = useState<OrderStatus | ''>('');
  const [pending, setPending] = useState<'move' | 'cancel' | 'assign' | null>(null);
  const [assignTo, setAssignTo] = useState('');
  const [assignError, setAssignError] = useState<string | null>(null);
  /** One key per (order, partner) choice: a retry of the same assign is safe, another choice is a new request. */
  const assignAttempt = useRef<{ partnerId: string; key: string } | null>(null);
  const partners = usePartners();
  const history = useResource(() => api.orders.events(orderId), [orderId]);
  const fetched = loaded.status === 'ready' ? loaded.data.order : null;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (fetched) dispatch({ type: 'orders-loaded', orders: [fetched] });
  }, [fetched, dispatch]);

  const order = live.orders[orderId] ?? fetched;
  // Live dispatch (events since the board opened), else what the order's own log says.
  const dispatchState =
    live.dispatch[orderId] ?? (history.status === 'ready' ? dispatchFromEvents(history.data.items) : undefined);

  async function assign() {
    if (!order || !assignTo) return;
    if (assignAttempt.current?.partnerId !== assignTo)
      assignAttempt.current = { partnerId: assignTo, key: newIdempotencyKey() };
    setPending('assign');
    setAssignError(null);
    try {
      const { order: updated } = await api.admin.assign(order.id, { partnerId: assignTo }, assignAttempt.current.key);
      dispatch({ type: 'orders-loaded', orders: [updated] });
      toast.success(`Order ${shortId(order.id)} assigned to ${partners.get(assignTo)?.name ?? 'the partner'}`);
      setAssignTo('');
      assignAttempt.current = null;
    } catch (error) {
      setAssignError(
        error instanceof ApiError && error.code === 'already_assigned'
          ? 'Too late: a partner took this order before your assignment. Nothing was changed.'
          : describeError(error),
      );
    } finally {
      setPending(null);
    }
  }

  const [confirmCancel, setConfirmCancel] = useState(false);

  async function act(kind: 'move' | 'cancel') {
    if (!order) return;
    setPending(kind);
    try {
      const { order: updated } =
        kind === 'cancel'
          ? await api.orders.cancel(order.id)
          : await api.orders.setStatus(order.id, target as OrderStatus);
      dispatch({ type: 'orders-loaded', orders: [updated] });
      toast.success(
        kind === 'cancel' ? `Order ${shortId(order.id)} cancelled` : `Order moved to ${statusLabel[updated.status]}`,
      );
      setTarget('');
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setPending(null);
    }
  }

  const location = order?.partnerId ? live.locations[order.partnerId] : undefined;
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="drawer-title"
      className="fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-full max-w-md overflow-y-auto bg-surface p-0 text-fg shadow-2xl backdrop:bg-slate-950/60"
    >
      <div className="sticky top-0 z-10 flex items-center justify-between border-b border-border bg-surface px-5 py-3">
        <h2 id="drawer-title" className="text-lg font-bold">
          Order {shortId(orderId)}
        </h2>
        <Button variant="ghost" size="sm" onClick={() => dialog.current?.close()} aria-label="Close">
          <X aria-hidden="true" className="size-5" />
        </Button>
      </div>
      <div className="space-y-5 p-5">
        {!order ? (
          loaded.status === 'error' ? (
            <ErrorState error={loaded.error} onRetry={loaded.reload} />
          ) : (
            <LoadingState rows={3} />
          )
        ) : (
          <>
            <div className="flex items-center justify-between">
              <StatusBadge status={order.status} />
              <span className="text-right text-sm text-fg-muted">
                {formatDateTime(order.createdAt)}
                <Age since={order.createdAt} prefix="placed " className="block text-xs" />
              </span>
            </div>
            {showsPartnerPosition(order.status) && (
              <MapSlot>
                <OrderMap
                  label="This order on the map"
                  store={order.store}
                  destination={order.destination}
                  partner={location}
                />
              </MapSlot>
            )}
            {order.status === 'placed' && dispatchState && (
              <section aria-labelledby="drawer-dispatch" className="space-y-2 rounded-2xl bg-surface-muted p-4">
                <h3 id="drawer-dispatch" className="text-sm font-bold text-fg">
                  Dispatch
                </h3>
                <WaveLine dispatch={dispatchState} />
                <CandidateList dispatch={dispatchState} partners={partners} />
              </section>
            )}
            <OrderTimeline order={order} />
            <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5 text-sm">
              <dt className="text-fg-muted">Customer</dt>
              <dd className="min-w-0">
                <span className="block truncate font-semibold">
                  {order.customerName ?? fetched?.customerName ?? order.customerId}
                </span>
                {(order.customerEmail ?? fetched?.customerEmail) && (
                  <span className="block truncate text-xs text-fg-muted">
                    {order.customerEmail ?? fetched?.customerEmail}
                  </span>
                )}
              </dd>
              <dt className="text-fg-muted">Partner</dt>
              <dd className="truncate">
                {order.partnerId
                  ? (order.partnerName ??
                    order.partner?.name ??
                    partners.get(order.partnerId)?.name ??
                    (fetched?.partnerId === order.partnerId ? fetched.partnerName : null) ??
                    order.partnerId)
                  : '—'}
              </dd>
              <dt className="text-fg-muted">Address</dt>
              <dd>{order.address}</dd>
            </dl>
            <OrderReceipt order={order} framed />
            {!isFinished(order.status) && (
              <div className="space-y-3 rounded-2xl bg-surface-muted p-4">
                <h3 className="text-sm font-bold text-fg">Override</h3>
                {order.status === 'placed' && (
                  <div className="space-y-1.5">
                    <div className="flex gap-2">
                      <label htmlFor="drawer-assign" className="sr-only">
                        Assign to partner
                      </label>
                      <select
                        id="drawer-assign"
                        className={`${selectClass} min-w-0 flex-1`}
                        value={assignTo}
                        onChange={(e) => {
                          setAssignTo(e.target.value);
                          setAssignError(null);
                        }}
                        aria-describedby={assignError ? 'drawer-assign-error' : undefined}
                      >
                        <option value="">Assign to…</option>
                        {[...partners.values()]
                          .filter((p) => !p.disabled)
                          .map((p) => (
                            <option key={p.id} value={p.id}>
                              {p.name}
                            </option>
                          ))}
                      </select>
                      <Button onClick={assign} disabled={!assignTo || pending !== null} pending={pending === 'assign'}>
                        Assign
                      </Button>
                    </div>
                    {assignError && (
                      <p id="drawer-assign-error" role="alert" className="text-sm font-medium text-danger">
                        {assignError}
                      </p>
                    )}
                  </div>
                )}
                {adminMoves[order.status].length > 0 && (
                  <div className="flex gap-2">
                    <label htmlFor="drawer-move" className="sr-only">
                      Move to status
                    </label>
                    <select
                      id="drawer-move"
                      className={`${selectClass} flex-1`}
                      value={target}
                      onChange={(e) => setTarget(e.target.value as OrderStatus)}
                    >
                      <option value="">Move to…</option>
                      {adminMoves[order.status].map((s) => (
                        <option key={s} value={s}>
                          {s === 'placed' ? 'Back to offers (release)' : statusLabel[s]}
                        </option>
                      ))}
                    </select>
                    <Button
                      onClick={() => act('move')}
                      disabled={!target || pending !== null}
                      pending={pending === 'move'}
                    >
                      Move
                    </Button>
                  </div>
                )}
                <Button
                  variant="danger"
                  className="w-full"
                  onClick={() => setConfirmCancel(true)}
                  pending={pending === 'cancel'}
                  disabled={pending !== null}
                >
                  Cancel order
                </Button>
              </div>
            )}
          </>
        )}
      </div>
      {confirmCancel && order && (
        <ConfirmDialog
          title={`Cancel order ${shortId(order.id)}?`}
          description={`${order.customerName ?? fetched?.customerName ?? 'The customer'} is told at once. A cancelled order cannot be reopened.`}
          confirmLabel="Yes, cancel it"
          onConfirm={() => act('cancel')}
          onClose={() => setConfirmCancel(false)}
        />
      )}
    </dialog>
  );
}
