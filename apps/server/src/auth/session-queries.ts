import type { Role } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';

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
 * Marks a live refresh token used and returns its session, or undefined when it is unknown, expired,
 * revoked or already used. The guarded UPDATE makes two concurrent refreshes with one token produce
 * exactly one winner.
 */
export async function useRefreshToken(db: Queryable, hash: Buffer): Promise<UsedRefreshToken | undefined> {
  const { rows } = await db.query<UsedRefreshToken>(
    `UPDATE refresh_tokens t SET used_at = now()
     FROM users u
     WHERE t.token_hash = $1 AND t.user_id = u.id
       AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
     RETURNING t.family_id AS "familyId", t.user_id AS "userId", u.role, u.disabled,
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

export async function revokeFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
  ]);
}

export async function revokeUserSessions(db: Queryable, userId: string, exceptFamilyId?: string): Promise<void> {
  await db.query(
    `UPDATE refresh_tokens SET revoked_at = now()
     WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2)`,
    [userId, exceptFamilyId ?? null],
  );
}

export async function isFamilyRevoked(db: Queryable, familyId: string): Promise<boolean> {
  const { rows } = await db.query<{ revoked: boolean }>(
    'SELECT bool_and(revoked_at IS NOT NULL) AS revoked FROM refresh_tokens WHERE family_id = $1',
    [familyId],
  );
  return rows[0]?.revoked ?? true;
}
