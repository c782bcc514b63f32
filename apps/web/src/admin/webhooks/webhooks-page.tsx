import type { CreateWebhookResponse, Webhook } from '@swyft/contract';
import { CircleCheck, CirclePause, Plus, Send, TriangleAlert, Webhook as WebhookIcon } from 'lucide-react';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { describeError } from '../../api/describe-error';
import { api } from '../../api/swyft-api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { formatDateTime, formatDuration, timeAgo } from '../../components/format';
import { useAnnounce } from '../../components/live-announcer';
import { useDocumentTitle } from '../../components/page-chrome';
import { SecretOnce } from '../../components/secret-once';
import { EmptyState, ResourceView } from '../../components/states';
import { Button, Card, PageTitle } from '../../components/ui';
import { useResource } from '../../lib/use-resource';
import { DeliveryLog } from './delivery-log';
import { WebhookForm } from './webhook-form';
import { backlogText, disabledText, eventTypesText } from './webhook-words';

/** How often the list (health, backlog) is read again while the page is open. */
const POLL_MS = 10_000;

/**
 * Webhooks (API.md, Webhooks): the endpoints other systems receive the event log at, each with its health,
 * its delivery log, a test event and a replay; the secret of a new one shown once.
 */
export function WebhooksPage() {
  useDocumentTitle('Webhooks');
  const [version, setVersion] = useState(0);
  const [created, setCreated] = useState<CreateWebhookResponse | null>(null);
  const [form, setForm] = useState<'new' | Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  // Deleted here: gone from the list at once, before the list is read again (its log stops asking for it).
  const [deletedIds, setDeletedIds] = useState<ReadonlySet<string>>(new Set());
  const hooks = useResource(() => api.webhooks.list(), [version]);
  const reload = () => setVersion((n) => n + 1);
  usePoll(reload);

  /** Closes the form and puts the focus back where it was opened from (the buttons come back after a render). */
  function closeForm(closing: 'new' | Webhook) {
    setForm(null);
    reload();
    refocus(closing === 'new' ? NEW_BUTTON : editButtonId(closing));
  }

  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          form === null && (
            <Button id={NEW_BUTTON} onClick={() => setForm('new')}>
              <Plus aria-hidden="true" className="size-4" />
              New webhook
            </Button>
          )
        }
      >
        Webhooks
      </PageTitle>
      <p className="max-w-2xl text-sm text-fg-muted">
        Other systems (a store's till, a CRM, a messaging service) receive the event log here: each matching event is
        sent in order with a POST, signed with the endpoint's secret (Standard Webhooks:{' '}
        <code className="font-mono">webhook-id</code>, <code className="font-mono">webhook-timestamp</code>,{' '}
        <code className="font-mono">webhook-signature</code>). Failed deliveries are retried for 24 hours.
      </p>
      <SecretOnce
        shown={
          created && {
            title: `Copy the secret of ${created.webhook.url} now`,
            announcement: `Webhook created. Copy its signing secret now: it is shown only once.`,
            secret: created.secret,
          }
        }
        note="The receiver checks each delivery's signature with it. It is shown only this once: if it is lost, delete the webhook and create another."
        onDone={() => setCreated(null)}
      />
      {form !== null && (
        <WebhookForm
          key={form === 'new' ? 'new' : form.id}
          {...(form === 'new' ? {} : { webhook: form })}
          onCreated={(result) => {
            setForm(null);
            setCreated(result);
            reload();
          }}
          onSaved={() => closeForm(form)}
          onCancel={() => closeForm(form)}
        />
      )}
      <ResourceView resource={hooks} errorTitle="Could not load the webhooks">
        {(data) => {
          const items = data.items.filter((webhook) => !deletedIds.has(webhook.id));
          return items.length === 0 ? (
            <EmptyState icon={WebhookIcon} title="No webhooks yet">
              Create one for each system that should receive Swyft's events.
            </EmptyState>
          ) : (
            <ul aria-label="Webhook endpoints" className="space-y-3">
              {items.map((webhook) => (
                <li key={webhook.id}>
                  <WebhookCard
                    webhook={webhook}
                    deleting={deleting?.id === webhook.id}
                    onEdit={() => setForm(webhook)}
                    onDelete={() => setDeleting(webhook)}
                    onChanged={reload}
                  />
                </li>
              ))}
            </ul>
          );
        }}
      </ResourceView>
      {deleting && (
        <ConfirmDialog
          title={`Delete the webhook to ${deleting.url}?`}
          description="Swyft stops sending events there at once, and its delivery log is deleted. This cannot be undone."
          confirmLabel="Delete webhook"
          onConfirm={async () => {
            await api.webhooks.remove(deleting.id);
            setDeletedIds((ids) => new Set(ids).add(deleting.id));
            toast.success('Webhook deleted');
          }}
          onClose={(deleted) => {
            setDeleting(null);
            if (!deleted) return;
            reload();
            // Its Delete button, where the dialog would put the focus back, is gone.
            refocus(NEW_BUTTON);
          }}
        />
      )}
    </div>
  );
}

const NEW_BUTTON = 'new-webhook';
const editButtonId = (webhook: Webhook) => `edit-webhook-${webhook.id}`;

/** Focuses the element with this id once React has drawn it (or at once, if it is there). */
function refocus(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** Calls `tick` every POLL_MS while the tab is visible: health and backlog move without a click. */
function usePoll(tick: () => void) {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') latest.current();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, []);
}

/** One endpoint: where it sends, what, whether it is healthy, and what can be done with it. */
function WebhookCard({
  webhook,
  deleting,
  onEdit,
  onDelete,
  onChanged,
}: {
  webhook: Webhook;
  /** Its deletion is being asked for: the delivery log is not read again meanwhile. */
  deleting: boolean;
  onEdit: () => void;
  onDelete: () => void;
  onChanged: () => void;
}) {
  const id = useId();
  const announce = useAnnounce();
  const [logOpen, setLogOpen] = useState(false);
  const [logVersion, setLogVersion] = useState(0);
  const [testing, setTesting] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  function say(ok: boolean, text: string) {
    setResult({ ok, text });
    announce(text, ok ? 'polite' : 'assertive');
  }

  async function sendTest() {
    setTesting(true);
    try {
      const { attempt } = await api.webhooks.test(webhook.id);
      const answer = attempt.responseCode === null ? 'no answer' : `HTTP ${attempt.responseCode}`;
      if (attempt.status === 'succeeded')
        say(true, `Test event delivered: the receiver answered ${answer} in ${attempt.durationMs} ms.`);
      else say(false, `Test event not delivered: ${attempt.error ?? answer}.`);
      setLogVersion((n) => n + 1);
    } catch (error) {
      say(false, `Could not send the test event. ${describeError(error)}`);
    } finally {
      setTesting(false);
      keepFocus(`${id}-test`);
    }
  }

  async function toggle() {
    setToggling(true);
    try {
      await api.webhooks.update(webhook.id, { enabled: !webhook.enabled });
      say(
        true,
        webhook.enabled
          ? 'Webhook disabled. Events are kept and sent when it is enabled again.'
          : `Webhook enabled. ${waitingSentence(webhook.backlog)}`,
      );
      onChanged();
    } catch (error) {
      say(false, `Could not ${webhook.enabled ? 'disable' : 'enable'} the webhook. ${describeError(error)}`);
    } finally {
      setToggling(false);
      keepFocus(`${id}-toggle`);
    }
  }

  const failing = webhook.enabled && webhook.consecutiveFailures > 0;
  return (
    <Card className="p-4">
      <article aria-labelledby={`${id}-url`} className="space-y-3">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h2 id={`${id}-url`} className="font-mono text-base font-semibold break-all text-fg">
              {webhook.url}
            </h2>
            {webhook.description && <p className="mt-0.5 text-sm text-fg-muted">{webhook.description}</p>}
          </div>
          <HealthBadge webhook={webhook} />
        </div>
        {!webhook.enabled && (
          <p className="rounded-xl bg-warning-soft px-3 py-2 text-sm text-warning-soft-fg">{disabledText(webhook)}</p>
        )}
        {failing && (
          <p className="rounded-xl bg-danger-soft px-3 py-2 text-sm text-danger-soft-fg">
            {webhook.consecutiveFailures} failed {webhook.consecutiveFailures === 1 ? 'attempt' : 'attempts'}
            {webhook.failingSince ? ` since ${formatDateTime(webhook.failingSince)}` : ''}; retrying. After 24 hours of
            failures the webhook is disabled.
          </p>
        )}
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3 xl:grid-cols-6">
          <Fact term="Events">{eventTypesText(webhook.eventTypes)}</Fact>
          <Fact term="Last success">
            {webhook.lastSuccessAt ? (
              <time dateTime={webhook.lastSuccessAt} title={formatDateTime(webhook.lastSuccessAt)}>
                {timeAgo(webhook.lastSuccessAt)}
              </time>
            ) : (
              'Never'
            )}
          </Fact>
          <Fact term="Backlog">
            {backlogText(webhook)}
            {webhook.oldestPendingAgeSeconds !== null && webhook.backlog > 0 && (
              <span className="block text-xs text-fg-muted">
                oldest {formatDuration(webhook.oldestPendingAgeSeconds)}
              </span>
            )}
          </Fact>
          <Fact term="Failures">{webhook.consecutiveFailures === 0 ? 'None' : webhook.consecutiveFailures}</Fact>
          <Fact term="Delivered up to">seq {webhook.lastSeq}</Fact>
          <Fact term="Created">{formatDateTime(webhook.createdAt)}</Fact>
        </dl>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            size="sm"
            aria-expanded={logOpen}
            aria-controls={`${id}-log`}
            onClick={() => setLogOpen((open) => !open)}
          >
            {logOpen ? 'Hide delivery log' : 'Delivery log'}
          </Button>
          <Button variant="secondary" size="sm" pending={testing} onClick={sendTest} id={`${id}-test`}>
            {!testing && <Send aria-hidden="true" className="size-4" />}
            Send test event
          </Button>
          <Button id={editButtonId(webhook)} variant="secondary" size="sm" onClick={onEdit}>
            Edit
          </Button>
          <Button variant="secondary" size="sm" pending={toggling} onClick={toggle} id={`${id}-toggle`}>
            {webhook.enabled ? 'Disable' : 'Enable'}
          </Button>
          <Button variant="danger" size="sm" onClick={onDelete}>
            Delete
          </Button>
        </div>
        {result && <p className={`text-sm font-medium ${result.ok ? 'text-success' : 'text-danger'}`}>{result.text}</p>}
        <div id={`${id}-log`} hidden={!logOpen}>
          {logOpen && (
            <DeliveryLog
              webhook={webhook}
              version={logVersion}
              paused={deleting}
              onReplayed={() => {
                setLogVersion((n) => n + 1);
                onChanged();
              }}
            />
          )}
        </div>
      </article>
    </Card>
  );
}

/**
 * A button is disabled while its action runs, and a disabled button loses the focus: give it back once the
 * button is enabled again, unless the person has moved on.
 */
function keepFocus(buttonId: string) {
  requestAnimationFrame(() => {
    if (document.activeElement === document.body || document.activeElement === null)
      document.getElementById(buttonId)?.focus();
  });
}

function waitingSentence(backlog: number): string {
  if (backlog === 0) return 'New events are sent as they happen.';
  return backlog === 1 ? 'The event waiting is sent now.' : `The ${backlog} events waiting are sent now, in order.`;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-fg-muted">{term}</dt>
      <dd className="break-words text-fg">{children}</dd>
    </div>
  );
}

/** Enabled and healthy, enabled and failing, or disabled: in words and an icon, never by colour alone. */
function HealthBadge({ webhook }: { webhook: Webhook }) {
  const [Icon, text, tone] = !webhook.enabled
    ? [CirclePause, 'Disabled', 'text-fg-muted ring-border-strong']
    : webhook.consecutiveFailures > 0
      ? [TriangleAlert, 'Failing', 'text-danger ring-danger']
      : [CircleCheck, 'Enabled', 'text-success ring-current'];
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 rounded-full px-2.5 py-1 text-sm font-semibold ring-1 ${tone}`}
    >
      <Icon aria-hidden="true" className="size-4" />
      {text}
    </span>
  );
}
