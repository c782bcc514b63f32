import { randomInt, timingSafeEqual } from 'node:crypto';
import { MAX_HANDOVER_ATTEMPTS, type Order } from '@swyft/contract';
import { isFinishedStatus } from '@swyft/contract/order-rules';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { countWrongHandoverCode, findHandoverCodes, findHandoverState } from './handover-queries.js';

/** A fresh 4-digit code (crypto randomness, every value equally likely). */
export function newHandoverCode(): string {
  return String(randomInt(0, 10_000)).padStart(4, '0');
}

/** The answer of a delivery whose code was refused: what to throw once the count of wrong codes is committed. */
export interface HandoverRefusal {
  refused: {
    code: 'handover_code_invalid' | 'handover_locked';
    message: string;
    details: Record<string, unknown>;
    /** The request that was refused (a retry with its key answers with it, as for any stored refusal). */
    correlationId: string;
  };
}

export const handoverLocked = (): AppError =>
  new AppError(
    'handover_locked',
    `${MAX_HANDOVER_ATTEMPTS} wrong handover codes were sent for this order; only an admin can complete it now`,
  );

/**
 * Checks the code a partner gave at the door, on an order row the caller's transaction holds locked (so
 * checks of one order queue; the count itself is one atomic UPDATE too). Answers whether a code was
 * checked (false for an order placed before codes existed), or the refusal to answer: a wrong code is
 * counted, and the count must commit, so it is not thrown here (a throw would roll it back).
 */
export async function checkHandoverCode(
  tx: Queryable,
  orderId: string,
  given: string | undefined,
  correlationId: string,
): Promise<{ codeChecked: boolean } | HandoverRefusal> {
  const state = await findHandoverState(tx, orderId);
  if (!state) return { codeChecked: false };
  if (state.failedAttempts >= MAX_HANDOVER_ATTEMPTS) return refusalOf(handoverLocked(), correlationId);
  if (given === undefined) {
    throw new AppError('handover_code_required', 'Ask the customer for the 4-digit handover code and send it', {
      attemptsLeft: MAX_HANDOVER_ATTEMPTS - state.failedAttempts,
    });
  }
  if (sameCode(state.code, given)) return { codeChecked: true };
  const failed = await countWrongHandoverCode(tx, orderId, MAX_HANDOVER_ATTEMPTS);
  if (failed === undefined) return refusalOf(handoverLocked(), correlationId);
  const attemptsLeft = MAX_HANDOVER_ATTEMPTS - failed;
  return {
    refused: {
      code: 'handover_code_invalid',
      message:
        attemptsLeft > 0
          ? `Wrong handover code; ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left`
          : 'Wrong handover code; no tries left, only an admin can complete this order now',
      details: { attemptsLeft },
      correlationId,
    },
  };
}

/** Constant-time comparison: how much of a guess matches never shows in the time taken. */
function sameCode(code: string, given: string): boolean {
  const a = Buffer.from(code, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // Lengths are not secret (always 4); compare against itself to spend the same time either way.
  if (a.length !== b.length) return timingSafeEqual(a, a) && false;
  return timingSafeEqual(a, b);
}

function refusalOf(error: AppError, correlationId: string): HandoverRefusal {
  return {
    refused: {
      code: error.code as HandoverRefusal['refused']['code'],
      message: error.message,
      details: error.details,
      correlationId,
    },
  };
}

export function isHandoverRefusal(value: unknown): value is HandoverRefusal {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

/**
 * The customer's own view of their orders: each carries its code while active, null once finished. Orders of
 * anyone else are returned as they are (without the field). With HANDOVER_CODE=off the code is always null.
 */
export async function withHandoverCodes(
  db: Queryable,
  orders: Order[],
  caller: Caller,
  { enabled }: { enabled: boolean },
): Promise<Order[]> {
  const own = orders.filter((order) => caller.role === 'customer' && order.customerId === caller.id);
  const active = enabled ? own.filter((order) => !isFinishedStatus(order.status)).map((order) => order.id) : [];
  const codes = await findHandoverCodes(db, active);
  return orders.map((order) =>
    own.includes(order)
      ? { ...order, handoverCode: isFinishedStatus(order.status) ? null : (codes.get(order.id) ?? null) }
      : order,
  );
}
