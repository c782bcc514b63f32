import type { Pool, PoolClient } from './pool.js';

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /** How many times a serialization failure or deadlock is retried before it surfaces. */
  maxRetries?: number;
}

/**
 * Runs `work` in one transaction: commit when it returns, roll back when it throws. Serialization failures
 * and deadlocks are retried with a short jittered back-off, so `work` must be safe to run again (it only
 * talks to the database through `client`; side effects belong after commit).
 *
 * A lost connection is never retried: if it died during COMMIT, the transaction may have committed without
 * our hearing it, and running `work` again could apply it twice. The error surfaces (503 `unavailable`);
 * a client that retries with its Idempotency-Key then gets the first answer if it did commit.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  { isolation = 'read committed', maxRetries = 5 }: TransactionOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    // Pipelined: BEGIN is not awaited before the first statement is written (the pool runs its clients in
    // pipeline mode), which saves a round trip per transaction. A failed BEGIN fails that statement too.
    const begin = client.query(
      isolation === 'read committed' ? 'BEGIN' : `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`,
    );
    begin.catch(() => {}); // surfaced by the await below
    try {
      const result = await work(client);
      await begin;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackFailed) {
        // The connection itself failed: the pool must discard this client, not hand it out again.
        broken = rollbackFailed as Error;
      }
      // The server answered that it aborted the transaction: nothing was applied, so running it again is safe.
      if (attempt < maxRetries && RETRYABLE.has((error as { code?: string }).code ?? '')) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
        continue;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
