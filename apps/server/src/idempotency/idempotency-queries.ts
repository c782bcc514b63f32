import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';

/** What a use case run under a key produced: its value, or the domain refusal it ended in. */
export type StoredOutcome =
  | { value: unknown }
  | { error: { code: string; message: string; details: Record<string, unknown>; correlationId: string } };

export interface IdempotencyRecord {
  requestHash: Buffer;
  /** Null only while the request that holds the key is running (never seen here: it holds the row lock). */
  outcome: StoredOutcome | null;
}

/**
 * An outcome is stored sealed, `{"sealed": "v1:…", "ref": id}` (platform/encryption.ts): the value of a use case
 * is often an order, with its delivery address, which is personal data. `ref` is the id of the value (the
 * order placed), kept in clear so that the database can still be checked: every record that placed an order
 * points to it. A first-wave record in clear still reads.
 */
export type SealedOutcome = { sealed: string; ref?: string };

/** The sealed form of an outcome under the current key, with the id of its value when it has one. */
export function sealOutcome(outcome: StoredOutcome, encryption: Encryption): SealedOutcome {
  const value = 'value' in outcome ? (outcome.value as { id?: unknown } | null) : null;
  const ref = typeof value?.id === 'string' ? value.id : undefined;
  return { sealed: encryption.encrypt(JSON.stringify(outcome)), ...(ref ? { ref } : {}) };
}

function openOutcome(stored: StoredOutcome | SealedOutcome | null, encryption: Encryption): StoredOutcome | null {
  if (stored === null || !('sealed' in stored)) return stored;
  return JSON.parse(encryption.decrypt(stored.sealed)) as StoredOutcome;
}

/** How long a key stays bound to its first request. */
const KEPT_FOR = "interval '24 hours'";

/**
 * Claims `key` for this caller: inserts its record, or takes over one older than 24 hours (measured from
 * `now`, the caller's clock). Answers undefined when claimed, else the record of the request that holds the
 * key. A request whose key is held by a transaction still running waits here (on the primary key) until that
 * transaction ends, or `waitMs` pass: then PostgreSQL raises lock_not_available (55P03). The wait's bound is
 * set for the rest of the transaction by the row source of the insert, which runs before the row is
 * inserted (one round trip, not two).
 */
export async function claimIdempotencyKey(
  db: Queryable,
  claim: { callerId: string; key: string; operation: string; requestHash: Buffer; now: Date; waitMs: number },
  encryption: Encryption,
): Promise<IdempotencyRecord | undefined> {
  const claimed = await db.query({
    name: 'idempotency.claim-key',
    text: `INSERT INTO idempotency_keys (user_id, key, operation, request_hash, created_at)
     SELECT $1, $2, $3, $4, $5 FROM (SELECT set_config('lock_timeout', $6, true)) AS bounded_wait
     ON CONFLICT (user_id, key) DO UPDATE
       SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash, outcome = NULL,
           created_at = EXCLUDED.created_at
       WHERE idempotency_keys.created_at < EXCLUDED.created_at - ${KEPT_FOR}
     RETURNING user_id`,
    values: [
      claim.callerId,
      claim.key,
      claim.operation,
      claim.requestHash,
      claim.now,
      `${Math.max(1, Math.round(claim.waitMs))}ms`,
    ],
  });
  if (claimed.rowCount === 1) return undefined;
  const { rows } = await db.query<{ request_hash: Buffer; outcome: StoredOutcome | SealedOutcome | null }>({
    name: 'idempotency.find-record',
    text: 'SELECT request_hash, outcome FROM idempotency_keys WHERE user_id = $1 AND key = $2',
    values: [claim.callerId, claim.key],
  });
  const row = rows[0]!;
  return { requestHash: row.request_hash, outcome: openOutcome(row.outcome, encryption) };
}

export async function storeIdempotentOutcome(
  db: Queryable,
  record: { callerId: string; key: string; outcome: StoredOutcome },
  encryption: Encryption,
): Promise<void> {
  await db.query({
    name: 'idempotency.store-outcome',
    text: 'UPDATE idempotency_keys SET outcome = $3 WHERE user_id = $1 AND key = $2',
    values: [record.callerId, record.key, JSON.stringify(sealOutcome(record.outcome, encryption))],
  });
}

/** Deletes up to `batch` records older than 24 hours before `now`; answers how many. */
export async function deleteExpiredIdempotencyKeys(
  db: Queryable,
  purge: { now: Date; batch: number },
): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM idempotency_keys WHERE (user_id, key) IN (
       SELECT user_id, key FROM idempotency_keys WHERE created_at < $1::timestamptz - ${KEPT_FOR} LIMIT $2
     )`,
    [purge.now, purge.batch],
  );
  return rowCount ?? 0;
}
