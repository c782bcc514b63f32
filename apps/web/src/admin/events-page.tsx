import { type EventType, eventTypes } from '@swyft/contract';
import { ScrollText } from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { SwyftEvent } from '../api/types';
import { inputClassName, selectClass } from '../components/field';
import { formatDateTime, shortId } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Card, PageTitle } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { orderOf } from '../state/live-orders';

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

/** What an audit event is about, in a few words (the rest is in its JSON below). */
function auditSummaryOf(event: SwyftEvent): string {
  switch (event.type) {
    case 'api_key.created':
    case 'api_key.revoked':
      return `key “${event.data.apiKey.name}” (${event.data.apiKey.scopes.join(', ')})`;
    case 'user.logged_in':
      return `${event.data.client === 'token' ? 'token client' : 'browser'}`;
    case 'system.started':
    case 'system.stopping':
      return `node ${event.data.nodeId.slice(0, 8)}, version ${event.data.version}`;
    default:
      return '';
  }
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
          base && (
            <span
              className={`rounded-full px-3 py-1 text-xs font-semibold ${base.health.status === 'ok' ? 'bg-accent-soft text-accent-soft-fg' : 'bg-warning-soft text-warning-soft-fg'}`}
            >
              Log {base.health.status} · last seq {base.health.lastSeq} · backlog {base.health.undelivered}
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
            setApplied({ type, orderId: orderId.trim() });
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
              onChange={(e) => setOrderId(e.target.value)}
              placeholder="Any order"
            />
          </label>
          <Button type="submit">Apply</Button>
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
                      <span className="font-semibold text-fg">{event.type}</span>
                      <span className="truncate text-fg-muted">
                        {event.orderId ? `order ${shortId(event.orderId)}` : ''}
                        {orderOf(event) ? `, now ${orderOf(event)!.status}` : ''}
                        {auditSummaryOf(event)}
                        {event.actor ? ` · by ${event.actor.role} ${shortId(event.actor.id)}` : ''}
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
