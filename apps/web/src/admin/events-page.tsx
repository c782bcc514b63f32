import { type EventType, eventTypes } from '@swyft/contract';
import { ScrollText } from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Order, SwyftEvent } from '../api/types';
import { inputClassName, selectClass } from '../components/field';
import { formatDateTime, shortId } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Card, PageTitle } from '../components/ui';
import { useReloadAfterEvents } from '../lib/use-reload-after-events';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { orderOf } from '../state/live-orders';
import { usePartners } from './dispatch-status';

const PAGE = 50;

/** Who signed in, which sessions ended, which keys were made or revoked, which nodes came and went. */
const auditEventTypes = [
  'user.logged_in',
  'session.revoked',
  'api_key.created',
  'api_key.revoked',
  'system.started',
  'system.stopping',
] as const satisfies readonly EventType[];
const isAudit = (type: EventType) => (auditEventTypes as readonly EventType[]).includes(type);

/** What an event is about, in a few words, by name (the rest is in its JSON below). */
function summaryOf(event: SwyftEvent, names: ReadonlyMap<string, string>): string {
  const order = orderOf(event);
  if (order) {
    const customer = order.customerName ?? names.get(order.customerId);
    const partner = order.partnerName ?? order.partner?.name ?? (order.partnerId && names.get(order.partnerId));
    return [
      `order ${shortId(order.id)}, now ${order.status}`,
      customer ? `for ${customer}` : '',
      partner ? `with ${partner}` : '',
    ]
      .filter(Boolean)
      .join(' ');
  }
  switch (event.type) {
    case 'user.registered':
    case 'user.disabled':
    case 'user.enabled':
      return `${event.data.user.role} ${event.data.user.name} (${event.data.user.email})`;
    case 'session.revoked':
      return `${names.get(event.data.userId) ?? `user ${shortId(event.data.userId)}`}, ${event.data.sessionIds.length} session(s), ${event.data.reason}`;
    case 'product.created':
      return `product “${event.data.product.name}”`;
    case 'product.updated':
      return `product “${event.data.product.name}”: ${event.data.changed.join(', ')}`;
    case 'store.created':
      return `store “${event.data.store.name}”`;
    case 'store.updated':
      return `store “${event.data.store.name}”: ${event.data.changed.join(', ')}`;
    case 'stock.updated':
      return `${names.get(event.data.storeId) ?? `store ${shortId(event.data.storeId)}`}, ${event.data.items.length} product(s)`;
    case 'api_key.created':
    case 'api_key.revoked':
      return `key “${event.data.apiKey.name}” (${event.data.apiKey.scopes.join(', ')})`;
    case 'user.logged_in':
      return `${names.get(event.data.userId) ?? `user ${shortId(event.data.userId)}`} in a ${event.data.client === 'token' ? 'token client' : 'browser'}`;
    case 'system.started':
    case 'system.stopping':
      return `node ${event.data.nodeId.slice(0, 8)}, version ${event.data.version}`;
    default:
      return '';
  }
}

/** Names the log can give to ids: users and stores its own events carry, and the partners list. */
function namesFrom(
  events: readonly SwyftEvent[],
  partners: ReadonlyMap<string, { name: string }>,
  orders: readonly Order[],
) {
  const names = new Map<string, string>();
  for (const [id, partner] of partners) names.set(id, partner.name);
  // Orders from admin answers (the board, the table, the filter) carry their people's names.
  for (const order of orders) {
    if (order.customerName) names.set(order.customerId, order.customerName);
    if (order.partnerId && order.partnerName) names.set(order.partnerId, order.partnerName);
  }
  for (const event of events) {
    if ('user' in event.data && event.data.user && typeof event.data.user === 'object' && 'name' in event.data.user)
      names.set(event.data.user.id, event.data.user.name);
    if ('store' in event.data && event.data.store && typeof event.data.store === 'object' && 'name' in event.data.store)
      names.set(event.data.store.id, event.data.store.name);
    const order = orderOf(event);
    if (order?.customerName) names.set(order.customerId, order.customerName);
    if (order?.partnerId && order.partnerName) names.set(order.partnerId, order.partnerName);
  }
  return names;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns what the operator typed (a full id, or its start as read out: "#1a2b3c4d") into an order's id, or
 * says in words why it cannot.
 */
async function resolveOrderId(text: string): Promise<{ id: string; order?: Order } | { error: string }> {
  const typed = text.trim().replace(/^#/, '').toLowerCase();
  if (!typed) return { id: '' };
  if (UUID.test(typed)) {
    try {
      const { order } = await api.orders.get(typed);
      return { id: typed, order };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { error: `No order has the id ${typed}.` };
      throw error;
    }
  }
  if (!/^[0-9a-f-]+$/.test(typed)) return { error: 'An order id is made of the digits 0-9 and the letters a-f.' };
  if (typed.length < 8)
    return { error: `“${typed}” is too short: type at least the first 8 characters of the order id.` };
  const page = await api.admin.orders({ q: typed, limit: 2 });
  const found = page.items.filter((o) => o.id.startsWith(typed));
  if (found.length === 0) return { error: `No order id starts with ${typed}.` };
  if (found.length > 1) return { error: `More than one order id starts with ${typed}: type more of it.` };
  return { id: found[0]!.id, order: found[0]! };
}

/** The latest events (newest first), older pages on demand, new ones streamed in while following. */
async function loadLatest(filters: { type: EventType | ''; orderId: string }) {
  const health = await api.events.health();
  const after = Math.max(0, health.lastSeq - PAGE * (filters.type || filters.orderId ? 20 : 1));
  const page = await api.events.list({
    after,
    limit: 100,
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.orderId ? { orderId: filters.orderId } : {}),
  });
  return { health, events: [...page.items].reverse().slice(0, PAGE), oldestAfter: after };
}

export function EventsPage() {
  useDocumentTitle('Event log');
  const { live } = useRealtime();
  const [type, setType] = useState<EventType | ''>('');
  const [orderId, setOrderId] = useState('');
  const [applied, setApplied] = useState({ type: '' as EventType | '', orderId: '' });
  const [follow, setFollow] = useState(true);
  const [older, setOlder] = useState<SwyftEvent[]>([]);
  const [olderAfter, setOlderAfter] = useState<number | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [openSeq, setOpenSeq] = useState<number | null>(null);
  const [orderIdError, setOrderIdError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [filterOrder, setFilterOrder] = useState<Order | null>(null);
  const partners = usePartners();
  const latest = useResource(() => loadLatest(applied), [applied]);
  const base = latest.status === 'ready' ? latest.data : null;

  useEffect(() => {
    setOlder([]);
    setOlderAfter(base ? base.oldestAfter : null);
  }, [base]);

  const matches = (e: SwyftEvent) =>
    (!applied.type || e.type === applied.type) && (!applied.orderId || e.orderId === applied.orderId);
  const newestLoaded = base?.events[0]?.seq ?? base?.health.lastSeq ?? 0;
  const streamed = follow && base ? live.recentEvents.filter((e) => e.seq > newestLoaded && matches(e)) : [];
  const events = base ? [...streamed, ...base.events, ...older] : [];
  // The header's figures as the log moves: reloaded after each burst of events, and never behind the rows.
  const health = useResource(() => api.events.health(), []);
  useReloadAfterEvents(live.lastSeq, health.reload);
  const shownHealth = health.status === 'ready' ? health.data : base?.health;
  const lastSeq = Math.max(shownHealth?.lastSeq ?? 0, live.lastSeq, events[0]?.seq ?? 0);

  const names = namesFrom(events, partners, [...Object.values(live.orders), ...(filterOrder ? [filterOrder] : [])]);

  async function apply() {
    setChecking(true);
    try {
      const resolved = await resolveOrderId(orderId);
      if ('error' in resolved) {
        setOrderIdError(resolved.error);
        return;
      }
      setOrderIdError(null);
      setFilterOrder(resolved.order ?? null);
      setApplied({ type, orderId: resolved.id });
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setChecking(false);
    }
  }

  async function loadOlder() {
    if (olderAfter === null || olderAfter <= 0) return;
    setLoadingOlder(true);
    try {
      const after = Math.max(0, olderAfter - PAGE);
      const page = await api.events.list({
        after,
        limit: PAGE,
        ...(applied.type ? { type: applied.type } : {}),
        ...(applied.orderId ? { orderId: applied.orderId } : {}),
      });
      const seen = new Set(events.map((e) => e.seq));
      setOlder((o) => [...o, ...page.items.filter((e) => !seen.has(e.seq) && e.seq <= olderAfter).reverse()]);
      setOlderAfter(after);
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setLoadingOlder(false);
    }
  }

  return (
    <div>
      <PageTitle
        actions={
          shownHealth && (
            <span
              data-testid="log-health"
              className={`rounded-full px-3 py-1 text-xs font-semibold ${shownHealth.status === 'ok' ? 'bg-accent-soft text-accent-soft-fg' : 'bg-warning-soft text-warning-soft-fg'}`}
            >
              Log {shownHealth.status} · last seq {lastSeq} · backlog {shownHealth.undelivered}
            </span>
          )
        }
      >
        Event log
      </PageTitle>
      <Card className="mb-4 p-4">
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <label className="space-y-1 text-sm font-medium text-fg">
            <span className="block">Type</span>
            <select className={selectClass} value={type} onChange={(e) => setType(e.target.value as EventType | '')}>
              <option value="">Any</option>
              <optgroup label="Audit">
                {auditEventTypes.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Orders, catalog and accounts">
                {eventTypes
                  .filter((t) => !isAudit(t))
                  .map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
              </optgroup>
            </select>
          </label>
          <label className="min-w-64 flex-1 space-y-1 text-sm font-medium text-fg">
            <span className="block">Order id</span>
            <input
              className={`${inputClassName} !py-2 !text-sm`}
              value={orderId}
              onChange={(e) => {
                setOrderId(e.target.value);
                setOrderIdError(null);
              }}
              placeholder="Any order (full id or its first 8 characters)"
              aria-invalid={orderIdError ? true : undefined}
              aria-describedby={orderIdError ? 'events-order-error' : undefined}
            />
            {orderIdError && (
              <span id="events-order-error" role="alert" className="block text-xs text-danger">
                {orderIdError}
              </span>
            )}
          </label>
          <Button type="submit" pending={checking}>
            Apply
          </Button>
          <label className="tap flex items-center gap-2 text-sm font-medium text-fg">
            <input
              type="checkbox"
              className="size-4 accent-(--color-accent)"
              checked={follow}
              onChange={(e) => setFollow(e.target.checked)}
            />
            Follow live
          </label>
        </form>
      </Card>
      <ResourceView resource={latest} errorTitle="Could not load the event log">
        {() =>
          events.length === 0 ? (
            <EmptyState icon={ScrollText} title="No events match">
              Events appear here as orders and accounts change.
            </EmptyState>
          ) : (
            <Card className="overflow-hidden">
              <ol className="divide-y divide-border font-mono text-xs" aria-label="Events, newest first">
                {events.map((event) => (
                  <li key={event.seq}>
                    <button
                      type="button"
                      aria-expanded={openSeq === event.seq}
                      onClick={() => setOpenSeq(openSeq === event.seq ? null : event.seq)}
                      className="tap grid w-full grid-cols-[4.5rem_1fr] gap-x-3 gap-y-0.5 px-4 py-2 text-left hover:bg-surface-muted sm:grid-cols-[4.5rem_9rem_11rem_1fr]"
                    >
                      <span className="text-fg-muted">#{event.seq}</span>
                      <span className="text-fg-muted">{formatDateTime(event.at)}</span>
                      <span className="col-span-2 font-semibold text-fg sm:col-span-1">{event.type}</span>
                      <span className="col-span-2 truncate text-fg-muted sm:col-span-1">
                        {summaryOf(event, names) || (event.orderId ? `order ${shortId(event.orderId)}` : '')}
                        {event.actor
                          ? ` · by ${event.actor.role} ${names.get(event.actor.id) ?? shortId(event.actor.id)}`
                          : ''}
                      </span>
                    </button>
                    {openSeq === event.seq && (
                      <pre
                        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box takes focus so that the keyboard can scroll it
                        tabIndex={0}
                        className="chrome max-h-80 overflow-auto px-4 py-3 text-[11px] leading-relaxed"
                      >
                        {JSON.stringify(event, null, 2)}
                      </pre>
                    )}
                  </li>
                ))}
              </ol>
              {olderAfter !== null && olderAfter > 0 && (
                <div className="flex justify-center border-t border-border p-3">
                  <Button variant="secondary" size="sm" onClick={loadOlder} pending={loadingOlder}>
                    Load older events
                  </Button>
                </div>
              )}
            </Card>
          )
        }
      </ResourceView>
    </div>
  );
}
