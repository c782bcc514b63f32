import type { Webhook } from '@swyft/contract';
import { ApiError } from '../../api/client';
import { describeError, fieldErrors, fieldMessage } from '../../api/describe-error';
import { formatDateTime } from '../../components/format';

/** “All events”, or the types named, shortened past a few. */
export function eventTypesText(types: readonly string[]): string {
  if (types.includes('*')) return 'All events';
  if (types.length <= 3) return types.join(', ');
  return `${types.slice(0, 3).join(', ')} and ${types.length - 3} more`;
}

const KEPT = 'Events are kept and sent when it is enabled.';

/** Why an endpoint is disabled, as a sentence: by an admin, or by 24 h of failures with the last error. */
export function disabledText(webhook: Pick<Webhook, 'disabledBy' | 'disabledReason' | 'failingSince'>): string {
  if (webhook.disabledBy !== 'failures') return `Disabled by an admin. ${KEPT}`;
  const since = webhook.failingSince ? `, failing since ${formatDateTime(webhook.failingSince)}` : '';
  const last = webhook.disabledReason?.trim().replace(/\.$/, '');
  return `Disabled after 24 hours of failed deliveries${since}.${last ? ` Last error: ${last}.` : ''} ${KEPT}`;
}

/**
 * What a refused create or edit means, per field: the URL's refusal (a 400 naming `url`, such as an address
 * on a private network) as a sentence next to the URL field, anything else as a message for the whole form.
 */
export function formErrors(error: unknown): { url?: string; eventTypes?: string; description?: string; form?: string } {
  const fields = fieldErrors(error);
  const out: { url?: string; eventTypes?: string; description?: string; form?: string } = {};
  const url = fields.url ?? urlFromDetails(error);
  if (url) out.url = url;
  const types = Object.entries(fields).find(([path]) => path.startsWith('eventTypes'))?.[1];
  if (types) out.eventTypes = 'Choose “All events”, or at least one event type.';
  if (fields.description) out.description = 'Keep the description under 500 characters.';
  if (!out.url && !out.eventTypes && !out.description) out.form = describeError(error);
  return out;
}

/** A refusal that names the URL outside `details.fields` (e.g. `details.url` or `details.field: "url"`). */
function urlFromDetails(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const details = error.details as { field?: unknown; url?: unknown; reason?: unknown };
  if (details.field === 'url' || typeof details.url === 'string' || typeof details.reason === 'string')
    return fieldMessage(
      'url',
      typeof details.reason === 'string' ? `${details.reason} ${error.message}` : error.message,
    );
  return undefined;
}

/** “3 events waiting”, “Nothing waiting”. */
export function backlogText(webhook: Pick<Webhook, 'backlog'>): string {
  if (webhook.backlog === 0) return 'Nothing waiting';
  return `${webhook.backlog} ${webhook.backlog === 1 ? 'event' : 'events'} waiting`;
}
