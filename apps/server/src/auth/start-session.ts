import { randomUUID } from 'node:crypto';
import type { Role } from '@swyft/contract';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/pool.js';
import { insertRefreshToken, insertSession } from './session-queries.js';
import { newRefreshToken } from './tokens.js';

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * Issues an access token and the next refresh token of a session. Without `continuing` it opens a new
 * session (a new refresh-token family); a rotation passes the session it continues.
 */
export async function issueSession(
  ctx: AppContext,
  db: Queryable,
  user: { id: string; role: Role },
  continuing?: string,
): Promise<IssuedSession> {
  const sessionId = continuing ?? randomUUID();
  if (!continuing) await insertSession(db, { id: sessionId, userId: user.id });
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
