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
    default:
      return error.message || fallback;
  }
}

/** Field messages from a 400 `validation_failed` (`details.fields[].path` such as `body.email`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const fields = error.details.fields;
  if (!Array.isArray(fields)) return {};
  const out: Record<string, string> = {};
  for (const field of fields as { path?: unknown; message?: unknown }[]) {
    if (typeof field.path !== 'string' || typeof field.message !== 'string') continue;
    const name = field.path.replace(/^(body|query|params)\.?/, '') || 'form';
    out[name] ??= field.message;
  }
  return out;
}

/** The short lines of a 409 `insufficient_stock` (`details.lines`: product, requested, available, reason). */
export function shortLines(error: unknown): InsufficientStockDetails['lines'] {
  if (!(error instanceof ApiError) || error.code !== 'insufficient_stock') return [];
  const lines = (error.details as Partial<InsufficientStockDetails>).lines;
  return Array.isArray(lines) ? lines.filter((line) => typeof line?.productId === 'string') : [];
}
