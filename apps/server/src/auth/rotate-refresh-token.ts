import type { User } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { AppError, unauthenticated } from '../errors/app-error.js';
import type { Logger } from '../platform/logger.js';
import { getUser } from '../users/get-user.js';
import type { AccountStates } from './account-states.js';
import { revokeSession } from './revoke-sessions.js';
import { findUsedTokenFamily, useRefreshToken } from './session-queries.js';
import { type IssuedSession, issueSession, type SessionDeps } from './start-session.js';
import { hashRefreshToken } from './tokens.js';

export interface RotateRefreshTokenDeps extends SessionDeps {
  pool: Pool;
  accountStates: Pick<AccountStates, 'locked'>;
  log: Logger;
}

/**
 * Trades a refresh token for a new pair in the same session. A token works once: presenting one that was
 * already used means two parties hold it (it was stolen or replayed), so the whole session is revoked and
 * both must sign in again.
 */
export async function rotateRefreshToken(
  deps: RotateRefreshTokenDeps,
  refreshToken: string | undefined,
  correlationId: string,
): Promise<{ user: User; session: IssuedSession }> {
  if (!refreshToken) throw unauthenticated('No refresh token');
  const hash = hashRefreshToken(refreshToken);
  const outcome = await withTransaction(deps.pool, async (tx) => {
    const used = await useRefreshToken(tx, hash);
    if (!used) return { reusedFamily: await findUsedTokenFamily(tx, hash) };
    if (used.disabled) throw new AppError('account_disabled', 'This account has been disabled');
    if (used.deactivated) throw unauthenticated('This account was closed');
    const session = await issueSession(deps, tx, { id: used.userId, role: used.role }, used.familyId);
    return { session, userId: used.userId };
  });
  if ('reusedFamily' in outcome) {
    // Ended outside the transaction above, which rolls back on the 401 it is about to answer. Every
    // access token of the session stops working too: the thief may hold one.
    const sessionId = outcome.reusedFamily;
    if (sessionId) {
      const ended = await withTransaction(deps.pool, (tx) =>
        revokeSession(tx, sessionId, { reason: 'refresh_token_reused', actor: null, correlationId }),
      );
      if (ended) deps.accountStates.locked({ userId: ended.userId, sessionIds: [sessionId] });
      deps.log.warn({ sessionId }, 'refresh token reused: session revoked');
    }
    throw unauthenticated('Session expired; sign in again');
  }
  return { user: await getUser(deps, outcome.userId), session: outcome.session };
}
