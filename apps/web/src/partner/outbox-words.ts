import { describeError } from '../api/describe-error';
import { shortId } from '../components/format';
import { statusLabel } from '../state/order-status';
import type { QueuedStep, Refusal } from './outbox';

/** What a queued step is, in a few words. */
export function stepLabel(step: QueuedStep): string {
  if (step.action === 'accept') return 'Accept the order';
  return step.status ? statusLabel[step.status] : 'Step';
}

/** How many more wrong codes an order takes, from a `handover_code_invalid` refusal. */
export function attemptsLeftOf(refusal: Refusal | undefined): number | null {
  if (refusal?.error.code !== 'handover_code_invalid') return null;
  const left = refusal.error.details.attemptsLeft;
  return typeof left === 'number' ? left : null;
}

/** Why the server did not take a step, in plain words (by error code, never the server's wording). */
export function refusalReason(refusal: Refusal): string {
  const { error } = refusal;
  switch (error.code) {
    case 'handover_code_invalid': {
      const left = attemptsLeftOf(refusal);
      const tries = left === null ? '' : ` ${left} ${left === 1 ? 'try' : 'tries'} left.`;
      return `That is not the customer’s code.${tries} Ask them to read it again from their order page.`;
    }
    case 'handover_code_required':
      return 'The customer’s 4-digit code is needed to complete the delivery.';
    case 'handover_locked':
      return 'Too many wrong codes: this delivery is locked. Call support: an admin completes it.';
    case 'invalid_transition': {
      const status = error.details.status;
      if (status === 'cancelled') return 'The order was cancelled meanwhile.';
      if (status === 'delivered') return 'The order was already delivered.';
      return describeError(error);
    }
    case 'already_assigned':
      return 'Another partner took this order first.';
    case 'not_found':
    case 'forbidden':
      return 'This order is no longer yours (an admin may have given it to someone else).';
    default:
      return describeError(error);
  }
}

export function refusalText(refusal: Refusal): string {
  return `Not sent: ${stepLabel(refusal.step)} for order ${shortId(refusal.step.orderId)}. ${refusalReason(refusal)}`;
}
