import type { Queryable } from '../db/pool.js';

/**
 * Records `key` in app_meta and answers true the first time only. Concurrent callers wait on the key
 * until the first one's transaction ends, then get false.
 */
export async function claimOnce(db: Queryable, key: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO app_meta (key, value) VALUES ($1, to_jsonb(now())) ON CONFLICT (key) DO NOTHING`,
    [key],
  );
  return rowCount === 1;
}
