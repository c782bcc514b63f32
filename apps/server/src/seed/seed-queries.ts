import type { Role } from '@swyft/contract';
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

export interface SignInAccountRow {
  email: string;
  role: Role;
  password_hash: string;
}

/** The accounts among `emails` that may sign in: neither disabled by an admin nor closed by their owner. */
export async function findAccountsThatMaySignIn(db: Queryable, emails: string[]): Promise<SignInAccountRow[]> {
  const { rows } = await db.query<SignInAccountRow>(
    `SELECT email, role, password_hash FROM users
      WHERE lower(email) = ANY($1::text[]) AND NOT disabled AND deactivated_at IS NULL`,
    [emails.map((email) => email.toLowerCase())],
  );
  return rows;
}
