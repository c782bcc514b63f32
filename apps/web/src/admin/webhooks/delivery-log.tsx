import type { Webhook, WebhookDeliveryAttempt } from '@swyft/contract';
import { Check, RefreshCw, ScrollText, X } from 'lucide-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { describeError, fieldErrors } from '../../api/describe-error';
import { api } from '../../api/swyft-api';
import { DataTable } from '../../components/data-table';
import { TextField } from '../../components/field';
import { formatDateTime } from '../../components/format';
import { useAnnounce } from '../../components/live-announcer';
import { EmptyState, ResourceView } from '../../components/states';
import { Button } from '../../components/ui';
import { useResource } from '../../lib/use-resource';
import { type CursorPages, PagerFooter, useCursorPages } from '../pager';

const PAGE = 20;
/** While the first page is open it is read again this often, so attempts appear as they are made. */
const POLL_MS = 5_000;

/**
 * The attempts to deliver to one endpoint, newest first, a page at a time (kept 7 days), and the form that
 * replays from a seq. `version` changes when the page made an attempt (a test event) so it shows at once.
 * While `paused` (the endpoint is about to be deleted) the first page is not read again: a read that reached
 * the server after the delete would be refused with a 404.
 */
export function DeliveryLog({
  webhook,
  version,
  paused = false,
  onReplayed,
}: {
  webhook: Webhook;
  version: number;
  paused?: boolean;
  onReplayed: () => void;
}) {
  const cursorPages = useCursorPages();
  const [tick, setTick] = useState(0);
  // A poll reads quietly: nothing is disabled under a keyboard user's focus every few seconds.
  const polling = useRef(false);
  const seenVersion = useRef(version);
  if (seenVersion.current !== version) {
    seenVersion.current = version;
    polling.current = false;
  }
  const pages: CursorPages = {
    ...cursorPages,
    next: (cursor) => {
      polling.current = false;
      cursorPages.next(cursor);
    },
    back: () => {
      polling.current = false;
      cursorPages.back();
    },
  };
  const deliveries = useResource(
    () => api.webhooks.deliveries(webhook.id, { limit: PAGE, ...(pages.cursor ? { cursor: pages.cursor } : {}) }),
    [webhook.id, pages.cursor, version, tick],
  );

  useEffect(() => {
    if (pages.page !== 1 || paused) return;
    const timer = setInterval(() => {
      polling.current = true;
      setTick((n) => n + 1);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [pages.page, paused]);

  const busy = deliveries.status === 'ready' && deliveries.refreshing && !polling.current;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h3 className="text-base font-bold text-fg">Delivery log</h3>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            polling.current = false;
            deliveries.reload();
          }}
        >
          <RefreshCw aria-hidden="true" className="size-4" />
          Refresh
        </Button>
      </div>
      <ResourceView resource={deliveries} errorTitle="Could not load the delivery log" loading={null}>
        {(data) =>
          data.items.length === 0 && pages.page === 1 ? (
            <EmptyState icon={ScrollText} title="No deliveries in the last 7 days">
              Attempts appear here as events are sent. Send a test event to try the endpoint now.
            </EmptyState>
          ) : (
            <DataTable
              caption={`Delivery attempts to ${webhook.url}, newest first`}
              minWidthClass="min-w-[48rem]"
              scrollable
              columns={[
                { label: 'Seq' },
                { label: 'Attempt' },
                { label: 'Result' },
                { label: 'Response' },
                { label: 'Error' },
                { label: 'Duration', align: 'right' },
                { label: 'Time' },
              ]}
              footer={<PagerFooter pages={pages} nextCursor={data.nextCursor} busy={busy} />}
            >
              {data.items.map((attempt) => (
                <AttemptRow key={attempt.id} attempt={attempt} />
              ))}
            </DataTable>
          )
        }
      </ResourceView>
      <ReplayForm webhook={webhook} onReplayed={onReplayed} />
    </div>
  );
}

function AttemptRow({ attempt }: { attempt: WebhookDeliveryAttempt }) {
  const ok = attempt.status === 'succeeded';
  return (
    <tr>
      <td className="px-4 py-2.5 font-mono whitespace-nowrap text-fg">
        {attempt.test ? (
          <span>
            Test <span className="sr-only">event</span>
          </span>
        ) : (
          attempt.seq
        )}
        <span className="block font-sans text-xs text-fg-muted">{attempt.eventType}</span>
      </td>
      <td className="px-4 py-2.5 text-fg">{attempt.attempt}</td>
      <td className="px-4 py-2.5 whitespace-nowrap">
        <span className={`inline-flex items-center gap-1 font-semibold ${ok ? 'text-success' : 'text-danger'}`}>
          {ok ? <Check aria-hidden="true" className="size-4" /> : <X aria-hidden="true" className="size-4" />}
          {ok ? 'Delivered' : 'Failed'}
        </span>
      </td>
      <td className="px-4 py-2.5 font-mono text-fg">{attempt.responseCode ?? 'None'}</td>
      <td className="max-w-xs px-4 py-2.5 break-words text-fg-muted">{attempt.error ?? '–'}</td>
      <td className="px-4 py-2.5 text-right whitespace-nowrap text-fg">{durationText(attempt.durationMs)}</td>
      <td className="px-4 py-2.5 whitespace-nowrap text-fg-muted">
        <time dateTime={attempt.at}>{formatDateTime(attempt.at)}</time>
      </td>
    </tr>
  );
}

/** Why a replay was refused, in words: a seq past the endpoint's cursor would skip events. */
function replayRefusal(seq: number, refusal: unknown): string {
  const field = fieldErrors(refusal).fromSeq;
  if (!field) return `Could not start the replay. ${describeError(refusal)}`;
  const most = /at most (\d+)/.exec(field)?.[1];
  if (most)
    return `Seq ${seq} is ahead of this webhook: it can replay from seq ${most} or earlier. A replay goes back; it never skips events.`;
  return `Seq ${seq} cannot be replayed: ${field}.`;
}

/** “12 ms” under a second, “2.3 s” above. */
export function durationText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Delivers again every matching event from a seq: for a receiver that lost data, or after a fix. */
function ReplayForm({ webhook, onReplayed }: { webhook: Webhook; onReplayed: () => void }) {
  const id = useId();
  const announce = useAnnounce();
  const [fromSeq, setFromSeq] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState('');
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const seq = Number(fromSeq);
    if (!/^\d+$/.test(fromSeq.trim()) || seq < 1) {
      setError('Enter the seq of the first event to send again: a whole number, 1 or more.');
      return;
    }
    setError(undefined);
    setPending(true);
    try {
      await api.webhooks.replay(webhook.id, seq);
      const message = `Replaying from seq ${seq}: every matching event from there is sent again, in order.`;
      setResult(message);
      announce(message);
      setFromSeq('');
      onReplayed();
    } catch (refusal) {
      const message = replayRefusal(seq, refusal);
      setError(message);
      announce(message, 'assertive');
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-title`}
      className="rounded-xl border border-border bg-surface p-3"
    >
      <h3 id={`${id}-title`} className="text-sm font-bold text-fg">
        Replay from a seq
      </h3>
      <div className="mt-2 flex flex-wrap items-start gap-2">
        <div className="w-full max-w-48">
          <TextField
            label="First seq to send again"
            inputMode="numeric"
            value={fromSeq}
            onChange={(e) => setFromSeq(e.target.value)}
            error={error}
            hint={`Delivered up to seq ${webhook.lastSeq}`}
          />
        </div>
        <Button type="submit" variant="secondary" pending={pending} className="sm:mt-7">
          Replay
        </Button>
      </div>
      {result && <p className="mt-2 text-sm text-success">{result}</p>}
    </form>
  );
}
