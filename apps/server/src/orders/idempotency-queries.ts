import type { Queryable } from '../db/pool.js';

export interface StoredAnswer {
  requestHash: Buffer;
  statusCode: number;
  body: unknown;
}

/**
 * Claims `key` for this caller: inserts its record, or takes over one older than 24 hours. Answers undefined
 * when claimed, else the answer stored by the request that holds the key. A request whose key is held by a
 * transaction still running waits here (on the primary key) until that transaction ends, or `waitMs` pass:
 * then PostgreSQL raises lock_not_available (55P03). The wait's bound is set for the rest of the transaction
 * by the row source of the insert, which runs before the row is inserted (one round trip, not two).
 */
export async function claimIdempotencyKey(
  db: Queryable,
  claim: { userId: string; key: string; requestHash: Buffer; waitMs: number },
): Promise<StoredAnswer | undefined> {
  const claimed = await db.query({
    name: 'orders.claim-idempotency-key',
    text: `INSERT INTO idempotency_keys (user_id, key, request_hash)
     SELECT $1, $2, $3 FROM (SELECT set_config('lock_timeout', $4, true)) AS bounded_wait
     ON CONFLICT (user_id, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL, created_at = now()
       WHERE idempotency_keys.created_at < now() - interval '24 hours'
     RETURNING user_id`,
    values: [claim.userId, claim.key, claim.requestHash, `${Math.max(1, Math.round(claim.waitMs))}ms`],
  });
  if (claimed.rowCount === 1) return undefined;
  const { rows } = await db.query<{ request_hash: Buffer; status_code: number; response_body: unknown }>(
    'SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
    [claim.userId, claim.key],
  );
  const row = rows[0]!;
  return { requestHash: row.request_hash, statusCode: row.status_code, body: row.response_body };
}

export async function storeIdempotentAnswer(
  db: Queryable,
  answer: { userId: string; key: string; statusCode: number; body: unknown },
): Promise<void> {
  await db.query({
    name: 'orders.store-idempotent-answer',
    text: 'UPDATE idempotency_keys SET status_code = $3, response_body = $4 WHERE user_id = $1 AND key = $2',
    values: [answer.userId, answer.key, answer.statusCode, JSON.stringify(answer.body)],
  });
}

/** Deletes up to `batch` records older than 24 hours; answers how many. */
export async function deleteExpiredIdempotencyKeys(db: Queryable, batch: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM idempotency_keys WHERE (user_id, key) IN (
       SELECT user_id, key FROM idempotency_keys WHERE created_at < now() - interval '24 hours' LIMIT $1
     )`,
    [batch],
  );
  return rowCount ?? 0;
}
