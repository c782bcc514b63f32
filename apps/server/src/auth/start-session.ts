import { randomUUID } from 'node:crypto';
import type { Role } from '@swyft/contract';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/pool.js';
import { insertRefreshToken } from './session-queries.js';
import { newRefreshToken } from './tokens.js';

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * Issues an access token and the next refresh token of a session. A new session gets a new family; a
 * rotation passes the family it continues.
 */
export async function issueSession(
  ctx: AppContext,
  db: Queryable,
  user: { id: string; role: Role },
  sessionId: string = randomUUID(),
): Promise<IssuedSession> {
  const refresh = newRefreshToken();
  await insertRefreshToken(db, {
    familyId: sessionId,
    userId: user.id,
    hash: refresh.hash,
    ttlSeconds: ctx.config.refreshTokenTtlSeconds,
  });
  const accessToken = await ctx.accessTokens.sign({ userId: user.id, role: user.role, sessionId });
  return { sessionId, accessToken, refreshToken: refresh.token };
}
