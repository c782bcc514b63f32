import { createHash } from 'node:crypto';
import type { ErrorCode } from '@swyft/contract';
import type { Pool, PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { AppError } from '../errors/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Encryption } from '../platform/encryption.js';
import { claimIdempotencyKey, type StoredOutcome, storeIdempotentOutcome } from './idempotency-queries.js';

/** How long a request waits for an earlier one with its key to finish before it is refused (409). */
export const IDEMPOTENCY_WAIT_MS = 5_000;
const LOCK_NOT_AVAILABLE = '55P03';

/** What the input of a use case that can run idempotently carries besides its own fields. */
export interface IdempotencyInput {
  /** The caller's Idempotency-Key; without one the work simply runs in a transaction of its own. */
  idempotencyKey?: string;
  /** How long to wait for an earlier request with the same key (tests shorten it). */
  idempotencyWaitMs?: number;
}

export interface IdempotentRequest extends IdempotencyInput {
  /** Keys are scoped to the caller. */
  callerId: string;
  /** The use case, by name: a key is bound to one operation on one fingerprint. */
  operation: string;
  /** What the request asks for (its body, the order it acts on): the same key with another is refused (422). */
  fingerprint: unknown;
  correlationId: string;
}

/** A use case's value, and whether it is the stored value of an earlier request with the same key. */
export interface Idempotent<T> {
  value: T;
  replayed: boolean;
}

/**
 * A refusal stored by the first request with a key, given again to a retry: the same code, message and
 * details (so the same status), and the first request's correlation id, as the first answer had it.
 */
export class ReplayedRefusal extends AppError {
  readonly firstCorrelationId: string;

  constructor(stored: Extract<StoredOutcome, { error: unknown }>['error']) {
    super(stored.code as ErrorCode, stored.message, stored.details);
    this.firstCorrelationId = stored.correlationId;
  }
}

/**
 * Runs `work` in one transaction, at most once per (caller, key) within 24 hours (API.md, Idempotency-Key).
 * The key's record is claimed and the outcome stored in the same transaction as the work, so the work
 * commits if and only if its outcome does. A domain refusal (an AppError, such as 409 insufficient_stock)
 * is an outcome too: the work's changes are rolled back to a savepoint, the refusal is stored, and a retry
 * gets the same refusal. Anything else rolls everything back, key included, so the client may retry.
 * The outcome is kept as JSON: `work` must return a value that JSON round-trips (a DTO, not a Date).
 */
export async function runIdempotently<T>(
  deps: { pool: Pool; clock: Clock; encryption: Encryption },
  request: IdempotentRequest,
  work: (tx: PoolClient) => Promise<T>,
): Promise<Idempotent<T>> {
  const key = request.idempotencyKey;
  if (key === undefined) return { value: await withTransaction(deps.pool, work), replayed: false };
  const record = { callerId: request.callerId, key };
  const requestHash = fingerprintOf(request.operation, request.fingerprint);
  const run = await withTransaction(deps.pool, async (tx): Promise<Idempotent<T> | { refusal: AppError }> => {
    const stored = await claimOrWait(tx, { ...request, key, requestHash, now: deps.clock.now() }, deps.encryption);
    if (stored) {
      if (!stored.requestHash.equals(requestHash)) {
        throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with another request body');
      }
      const outcome = stored.outcome!;
      if ('error' in outcome) return { refusal: new ReplayedRefusal(outcome.error) };
      return { value: outcome.value as T, replayed: true };
    }
    await tx.query('SET LOCAL lock_timeout TO DEFAULT; SAVEPOINT idempotent_work');
    try {
      const value = await work(tx);
      await storeIdempotentOutcome(tx, { ...record, outcome: { value } }, deps.encryption);
      return { value, replayed: false };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT idempotent_work');
      const { code, message, details } = error;
      const refused = { code, message, details, correlationId: request.correlationId };
      await storeIdempotentOutcome(tx, { ...record, outcome: { error: refused } }, deps.encryption);
      return { refusal: error };
    }
  });
  // Thrown after commit: the stored refusal must not roll back with it.
  if ('refusal' in run) throw run.refusal;
  return run;
}

/** A digest of what the request asks for. */
export function fingerprintOf(operation: string, fingerprint: unknown): Buffer {
  return createHash('sha256').update(operation).update('\n').update(JSON.stringify(fingerprint)).digest();
}

async function claimOrWait(
  tx: PoolClient,
  claim: IdempotentRequest & { key: string; requestHash: Buffer; now: Date },
  encryption: Encryption,
): ReturnType<typeof claimIdempotencyKey> {
  try {
    // The wait on a request that holds the key is bounded; the bound is reset once the key is ours.
    return await claimIdempotencyKey(
      tx,
      { ...claim, waitMs: claim.idempotencyWaitMs ?? IDEMPOTENCY_WAIT_MS },
      encryption,
    );
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
