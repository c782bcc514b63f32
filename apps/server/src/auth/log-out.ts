import type { Role } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import type { AccountStates } from './account-states.js';
import { revokeSession } from './revoke-sessions.js';

/**
 * Ends the session the access token belongs to: its refresh tokens stop working, and so does every access
 * token issued in it, on every node, from the next request on.
 */
export async function logOut(
  deps: { pool: Pool; accountStates: Pick<AccountStates, 'locked'> },
  caller: { userId: string; role: Role; sessionId: string; correlationId: string },
): Promise<void> {
  const ended = await withTransaction(deps.pool, (tx) =>
    revokeSession(tx, caller.sessionId, {
      reason: 'logout',
      actor: { id: caller.userId, role: caller.role },
      correlationId: caller.correlationId,
    }),
  );
  if (ended) deps.accountStates.locked({ userId: caller.userId, sessionIds: [caller.sessionId] });
}
