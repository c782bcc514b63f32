import { ApiError } from './client';
import type { InsufficientStockDetails } from './types';

/** What to tell a person about a refusal. Branches on `error.code`, never on the message's wording. */
export function describeError(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (!(error instanceof ApiError)) return fallback;
  switch (error.code) {
    case 'network_error':
      return error.message;
    case 'unauthenticated':
      return 'Please sign in again.';
    case 'account_disabled':
      return 'This account has been disabled.';
    case 'forbidden':
    case 'csrf_failed':
      return 'You are not allowed to do that.';
    case 'not_found':
      return 'We could not find that. It may have been removed.';
    case 'already_assigned':
      return 'Another partner already took this order.';
    case 'invalid_transition': {
      const allowed = (error.details as { allowed?: unknown }).allowed;
      const options = Array.isArray(allowed) && allowed.length > 0 ? ` Possible now: ${allowed.join(', ')}.` : '';
      return `This order has already moved on.${options}`;
    }
    case 'insufficient_stock':
      return 'Some items are no longer in stock.';
    case 'outside_delivery_area':
      return 'We don’t deliver there yet. Choose a point inside one of the areas on the map.';
    case 'location_required':
      return 'Choose where to deliver on the map first.';
    case 'too_many_addresses':
      return 'You have 20 saved addresses, the most there can be. Delete one to save another.';
    case 'idempotency_in_flight':
      return 'Your order is still being placed. One moment…';
    case 'rate_limited':
      return 'Too many attempts. Wait a moment and try again.';
    case 'unavailable':
    case 'internal_error':
      return 'Swyft is having trouble right now. Please try again shortly.';
    case 'email_taken':
      return 'An account with this email already exists. Sign in instead, or use another email.';
    case 'validation_failed':
    case 'invalid_json': {
      const first = Object.entries(fieldErrors(error))[0];
      return first ? first[1] : 'Some details are not right. Check them and try again.';
    }
    case 'payload_too_large':
      return 'That is too large to send. Try something smaller.';
    case 'unsupported_media_type':
      return 'That kind of file is not supported.';
    case 'conflict':
    case 'idempotency_key_reused':
      return 'Something changed meanwhile. Reload the page and try again.';
    default:
      return byExtraCode(error) ?? fallback;
  }
}

/** Codes of the second wave (some not yet in this build's contract), matched as plain strings. */
function byExtraCode(error: ApiError): string | undefined {
  const code = error.code as string;
  const details = error.details as Record<string, unknown>;
  switch (code) {
    case 'below_minimum_order': {
      const min = typeof details.minOrderCents === 'number' ? details.minOrderCents : null;
      const items = typeof details.itemsCents === 'number' ? details.itemsCents : null;
      if (min !== null && items !== null)
        return `This store delivers orders from ${euros(min)}. Add ${euros(min - items)} more to order.`;
      return 'Your order is below this store’s minimum. Add a few more items.';
    }
    case 'not_delivered':
      return 'You can rate an order once it has been delivered.';
    case 'already_rated':
      return 'You have already rated this order. Thank you!';
    case 'handover_code_required':
      return 'Ask the customer for their 4-digit code.';
    case 'handover_code_invalid':
      return 'That code is not right. Check it with the customer.';
    case 'handover_locked':
      return 'Too many wrong codes. Contact support to complete this delivery.';
    case 'not_acceptable':
    case 'method_not_allowed':
      return undefined;
    default:
      if (error.status >= 500) return 'Swyft is having trouble right now. Please try again shortly.';
      return undefined;
  }
}

function euros(cents: number): string {
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(Math.max(0, cents) / 100);
}

/** How the API's field names read in a sentence; a field not listed is "This field". */
const FIELD_LABELS: Record<string, string> = {
  name: 'Your name',
  email: 'Email address',
  password: 'Password',
  currentPassword: 'Current password',
  label: 'Name of the address',
  line: 'Address',
  address: 'Address',
  notes: 'Delivery notes',
  comment: 'Comment',
  stars: 'Rating',
  tipCents: 'Tip',
  q: 'Search',
  location: 'Delivery point',
  items: 'Cart',
};

function labelOf(field: string): string {
  return FIELD_LABELS[field] ?? FIELD_LABELS[field.split('.')[0] ?? ''] ?? 'This field';
}

/**
 * One plain sentence for a field the server (or the contract's schema, checked before sending) refused. The
 * raw message is a validator's ("Too big: expected string to have <=200 characters"): only its numbers and
 * its kind are read, never shown.
 */
/** The words of the server's refusal of a URL, as a sentence an admin can act on. */
function urlSentence(message: string): string {
  if (/private|loopback|link-local|metadata|local network|internal|not allowed|refused/i.test(message))
    return 'This address leads to a private or local network, which Swyft does not send to. Use an address that can be reached from the internet.';
  if (/resolve|ENOTFOUND|dns|no such host|unknown host/i.test(message))
    return 'No server by that name was found. Check the address for typing mistakes.';
  if (/http or https/i.test(message)) return 'Enter a full address that starts with https:// (or http://).';
  if (/user name or password/i.test(message))
    return 'Leave the user name and password out of the address; the secret signs each delivery instead.';
  return 'Check the address: a full https:// address that can be reached from the internet.';
}

export function fieldMessage(field: string, raw: string): string {
  if (field === 'url') return urlSentence(raw);
  const label = labelOf(field);
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  const max = /(?:<=?|at most|maximum)\s*(\d+)/i.exec(raw)?.[1];
  const min = /(?:>=?|at least|minimum)\s*(\d+)/i.exec(raw)?.[1];
  const isText = /string|character/i.test(raw);
  if (/not your current password/i.test(raw)) return 'That is not your current password.';
  if (field === 'form' && /image/i.test(raw))
    return 'That file is not a photo Swyft can read. Use a JPEG, PNG or WebP image.';
  if (/too big|too long|at most|maximum/i.test(raw) && max)
    return isText ? `${label} can be at most ${max} characters.` : `${label} can be at most ${max}.`;
  if (/too small|too short|at least|minimum|required/i.test(raw)) {
    if (!min || Number(min) <= 1) return field === 'password' ? 'Enter your password.' : `Enter ${lower}.`;
    return isText ? `${label} needs at least ${min} characters.` : `${label} must be at least ${min}.`;
  }
  if (/email/i.test(raw) || field === 'email') return 'Enter a valid email address, like name@example.com.';
  if (/control character|line break/i.test(raw)) return `${label} can’t contain line breaks or special characters.`;
  if (/expected (string|number)|received undefined/i.test(raw)) return `Enter ${lower}.`;
  return `${label} isn’t valid. Check it and try again.`;
}

/**
 * Checks a value against a contract schema (a zod schema's `safeParse`), answering the same plain sentence the
 * server's refusal would get, or undefined when it passes.
 */
export function checkField(
  field: string,
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  value: unknown,
): string | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  return fieldMessage(field, describeIssue(result.error?.issues[0]));
}

function describeIssue(
  issue: { message: string; code?: string; maximum?: unknown; minimum?: unknown; origin?: unknown } | undefined,
): string {
  if (!issue) return '';
  if (issue.code === 'too_big')
    return `Too big: ${issue.origin === 'string' ? 'string' : ''} <=${String(issue.maximum)}`;
  if (issue.code === 'too_small')
    return `Too small: ${issue.origin === 'string' ? 'string' : ''} >=${String(issue.minimum)}`;
  if (issue.code === 'invalid_format' || issue.code === 'invalid_string') return issue.message;
  return issue.message;
}

/** Plain field messages (one per field) from a 400 `validation_failed` (`details.fields[].path` such as `body.email`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const fields = error.details.fields;
  if (!Array.isArray(fields)) return {};
  const out: Record<string, string> = {};
  for (const field of fields as { path?: unknown; message?: unknown }[]) {
    if (typeof field.path !== 'string' || typeof field.message !== 'string') continue;
    const name = field.path.replace(/^(body|query|params)\.?/, '') || 'form';
    out[name] ??= fieldMessage(name, field.message);
  }
  return out;
}

/** The short lines of a 409 `insufficient_stock` (`details.lines`: product, requested, available, reason). */
export function shortLines(error: unknown): InsufficientStockDetails['lines'] {
  if (!(error instanceof ApiError) || error.code !== 'insufficient_stock') return [];
  const lines = (error.details as Partial<InsufficientStockDetails>).lines;
  return Array.isArray(lines) ? lines.filter((line) => typeof line?.productId === 'string') : [];
}
