import { randomUUID } from 'node:crypto';
import type { Role } from '@swyft/contract';
import type { Config } from '../config.js';
import type { Queryable } from '../db/pool.js';
import { insertRefreshToken, insertSession } from './session-queries.js';
import { type AccessTokens, newRefreshToken } from './tokens.js';

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

/** What issuing a session needs: the signer of access tokens and the refresh tokens' lifetime. */
export interface SessionDeps {
  accessTokens: AccessTokens;
  config: Pick<Config, 'refreshTokenTtlSeconds'>;
}

/**
 * Issues an access token and the next refresh token of a session. Without `continuing` it opens a new
 * session (a new refresh-token family); a rotation passes the session it continues.
 */
export async function issueSession(
  deps: SessionDeps,
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
    ttlSeconds: deps.config.refreshTokenTtlSeconds,
  });
  const accessToken = await deps.accessTokens.sign({ userId: user.id, role: user.role, sessionId });
  return { sessionId, accessToken, refreshToken: refresh.token };
}
