import { createHash } from 'node:crypto';
import type { ErrorResponse } from '@swyft/contract';
import type { AppContext } from '../context.js';
import type { PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { AppError } from '../errors/app-error.js';
import { claimIdempotencyKey, deleteExpiredIdempotencyKeys, storeIdempotentAnswer } from './idempotency-queries.js';

export interface Answer<T> {
  statusCode: number;
  body: T;
  /** The answer was stored by an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** How long a request waits for an earlier one with its key to finish before answering 409. */
export const IDEMPOTENCY_WAIT_MS = 5_000;
const LOCK_NOT_AVAILABLE = '55P03';

/** A digest of what the request asks for: the same key with another body is refused (422). */
export function requestHash(operation: string, body: unknown): Buffer {
  return createHash('sha256').update(operation).update('\n').update(JSON.stringify(body)).digest();
}

/**
 * Runs `work` at most once per (caller, key) within 24 hours (API.md, Idempotency-Key). The key's record is
 * claimed and the answer stored in the same transaction as the work, so the work commits if and only if its
 * answer does. A domain refusal (an AppError, such as 409 insufficient_stock) is an answer too: the work's
 * changes are rolled back to a savepoint, the refusal is stored, and a retry gets the same refusal. Anything
 * else rolls everything back, key included, so the client may retry.
 */
export async function runIdempotently<T>(
  ctx: AppContext,
  request: { userId: string; key: string; requestHash: Buffer; correlationId: string; waitMs?: number },
  work: (tx: PoolClient) => Promise<{ statusCode: number; body: T }>,
): Promise<Answer<T | ErrorResponse>> {
  const { userId, key } = request;
  const outcome = await withTransaction(ctx.pool, async (tx) => {
    const stored = await claimOrWait(tx, request);
    if (stored) {
      if (!stored.requestHash.equals(request.requestHash)) {
        throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with another request body');
      }
      return { answer: { statusCode: stored.statusCode, body: stored.body as T | ErrorResponse, replayed: true } };
    }
    await tx.query('SET LOCAL lock_timeout TO DEFAULT; SAVEPOINT idempotent_work');
    try {
      const answer = await work(tx);
      await storeIdempotentAnswer(tx, { userId, key, ...answer });
      return { answer: { ...answer, replayed: false } };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT idempotent_work');
      const body: ErrorResponse = {
        error: { code: error.code, message: error.message, details: error.details, requestId: request.correlationId },
      };
      await storeIdempotentAnswer(tx, { userId, key, statusCode: error.statusCode, body });
      return { refusal: error };
    }
  });
  if ('refusal' in outcome) throw outcome.refusal;
  return outcome.answer;
}

async function claimOrWait(
  tx: PoolClient,
  request: { userId: string; key: string; requestHash: Buffer; waitMs?: number },
): ReturnType<typeof claimIdempotencyKey> {
  try {
    // The wait on a request that holds the key is bounded; the bound is reset once the key is ours.
    return await claimIdempotencyKey(tx, { ...request, waitMs: request.waitMs ?? IDEMPOTENCY_WAIT_MS });
  } catch (error) {
    if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
    throw new AppError(
      'idempotency_in_flight',
      'A request with this Idempotency-Key is still being processed; retry shortly',
      {},
      { 'retry-after': '1' },
    );
  }
}

/** Deletes expired Idempotency-Key records now and then; every node may run it, the deletes do not clash. */
export function scheduleIdempotencyPurge(ctx: AppContext, everyMs = 10 * 60_000): { stop(): void } {
  const purge = async () => {
    try {
      while ((await deleteExpiredIdempotencyKeys(ctx.pool, 1000)) === 1000) {
        // keep going in batches, so no single delete holds many rows
      }
    } catch (error) {
      ctx.log.warn({ err: error }, 'could not purge expired idempotency keys');
    }
  };
  const timer = setInterval(() => void purge(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
