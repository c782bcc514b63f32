import { ApiError } from './client';

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
    case 'invalid_transition':
      return 'This order has already moved on. The screen shows its latest state.';
    case 'insufficient_stock':
      return 'Some items are no longer in stock.';
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

/**
 * The product ids an `insufficient_stock` refusal names. The details' exact shape belongs to the orders
 * API, so this reads any array of objects that carry a `productId` (and `available`, when given).
 */
export function shortLines(error: unknown): { productId: string; available?: number }[] {
  if (!(error instanceof ApiError) || error.code !== 'insufficient_stock') return [];
  const found: { productId: string; available?: number }[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 3 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.productId === 'string') {
      const available = [record.available, record.stock, record.availableQuantity].find((v) => typeof v === 'number');
      found.push({ productId: record.productId, ...(typeof available === 'number' ? { available } : {}) });
      return;
    }
    for (const nested of Object.values(record)) visit(nested, depth + 1);
  };
  visit(error.details, 0);
  return found;
}
