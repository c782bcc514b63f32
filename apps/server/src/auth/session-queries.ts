import type { Role } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';

/** Why a session ended (`sessions.revoked_reason`). */
export type SessionEndReason =
  | 'logout'
  | 'refresh_token_reused'
  | 'password_changed'
  | 'account_disabled'
  | 'account_closed';

export async function insertSession(db: Queryable, session: { id: string; userId: string }): Promise<void> {
  await db.query('INSERT INTO sessions (id, user_id) VALUES ($1, $2)', [session.id, session.userId]);
}

export async function insertRefreshToken(
  db: Queryable,
  token: { familyId: string; userId: string; hash: Buffer; ttlSeconds: number },
): Promise<void> {
  await db.query(
    `INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [token.familyId, token.userId, token.hash, token.ttlSeconds],
  );
}

export interface UsedRefreshToken {
  familyId: string;
  userId: string;
  role: Role;
  disabled: boolean;
  deactivated: boolean;
}

/**
 * Marks a live refresh token of a live session used and returns its session, or undefined when it is
 * unknown, expired, already used or its session has ended. The guarded UPDATE makes two concurrent
 * refreshes with one token produce exactly one winner.
 */
export async function useRefreshToken(db: Queryable, hash: Buffer): Promise<UsedRefreshToken | undefined> {
  const { rows } = await db.query<UsedRefreshToken>(
    `UPDATE refresh_tokens t SET used_at = now()
     FROM sessions s, users u
     WHERE t.token_hash = $1 AND s.id = t.family_id AND u.id = s.user_id
       AND t.used_at IS NULL AND t.expires_at > now() AND s.revoked_at IS NULL
     RETURNING t.family_id AS "familyId", s.user_id AS "userId", u.role, u.disabled,
               u.deactivated_at IS NOT NULL AS deactivated`,
    [hash],
  );
  return rows[0];
}

/** The family of a token that was already used: presenting it again means it was stolen, or replayed. */
export async function findUsedTokenFamily(db: Queryable, hash: Buffer): Promise<string | undefined> {
  const { rows } = await db.query<{ family_id: string }>(
    'SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL',
    [hash],
  );
  return rows[0]?.family_id;
}

/** Ends one session; returns its user when it was live until now (undefined: unknown or already ended). */
export async function revokeSession(
  db: Queryable,
  sessionId: string,
  reason: SessionEndReason,
): Promise<{ userId: string } | undefined> {
  const { rows } = await db.query<{ userId: string }>(
    `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
     WHERE id = $1 AND revoked_at IS NULL
     RETURNING user_id AS "userId"`,
    [sessionId, reason],
  );
  return rows[0];
}

/** Ends every live session of a user but `exceptSessionId`; returns the ids of those it ended. */
export async function revokeUserSessions(
  db: Queryable,
  userId: string,
  reason: SessionEndReason,
  exceptSessionId?: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
     WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3)
     RETURNING id`,
    [userId, reason, exceptSessionId ?? null],
  );
  return rows.map((row) => row.id);
}

/** What every authenticated request needs to know about its caller (see account-states.ts). */
export interface AccessState {
  role: Role;
  disabled: boolean;
  deactivated: boolean;
  /** The token's session exists, belongs to this user and has not ended. */
  sessionLive: boolean;
}

/**
 * The account and the session in one statement (two primary-key probes); undefined when the account does
 * not exist. Named: it runs for every request that misses the cache, so each connection plans it once.
 */
export async function findAccessState(
  db: Queryable,
  userId: string,
  sessionId: string,
): Promise<AccessState | undefined> {
  const { rows } = await db.query<AccessState>({
    name: 'auth.access-state',
    // The session is joined by its id alone (its primary key), and judged in the select list: with the
    // other conditions in the join, the planner may walk the user's live sessions instead.
    text: `SELECT u.role, u.disabled, u.deactivated_at IS NOT NULL AS deactivated,
              COALESCE(s.user_id = u.id AND s.revoked_at IS NULL, false) AS "sessionLive"
       FROM users u
       LEFT JOIN sessions s ON s.id = $2
       WHERE u.id = $1`,
    values: [userId, sessionId],
  });
  return rows[0];
}

/**
 * Deletes up to `batch` sessions that ended before `before` (revoked then, or whose every refresh token had
 * expired by then), with their tokens (the foreign key cascades). Returns how many it deleted.
 */
export async function deleteEndedSessions(db: Queryable, purge: { before: Date; batch: number }): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM sessions WHERE id IN (
       SELECT s.id FROM sessions s
       WHERE s.created_at < $1
         AND (s.revoked_at < $1
              OR NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.id AND t.expires_at >= $1))
       LIMIT $2
     )`,
    [purge.before, purge.batch],
  );
  return rowCount ?? 0;
}

/**
 * Deletes up to `batch` refresh tokens that expired before `before`: the used ones a live session keeps
 * for reuse detection are of no use once they could not be used anyway.
 */
export async function deleteExpiredRefreshTokens(
  db: Queryable,
  purge: { before: Date; batch: number },
): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM refresh_tokens WHERE id IN (SELECT id FROM refresh_tokens WHERE expires_at < $1 LIMIT $2)',
    [purge.before, purge.batch],
  );
  return rowCount ?? 0;
}
