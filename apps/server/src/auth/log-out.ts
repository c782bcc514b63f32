import type { Role } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { withTransaction } from '../db/transaction.js';
import { endSession } from './end-sessions.js';

/**
 * Ends the session the access token belongs to: its refresh tokens stop working, and so does every access
 * token issued in it, on every node, from the next request on.
 */
export async function logOut(
  ctx: AppContext,
  caller: { userId: string; role: Role; sessionId: string; correlationId: string },
): Promise<void> {
  const ended = await withTransaction(ctx.pool, (tx) =>
    endSession(tx, caller.sessionId, {
      reason: 'logout',
      actor: { id: caller.userId, role: caller.role },
      correlationId: caller.correlationId,
    }),
  );
  if (ended) ctx.accountStates.changed(caller.userId);
}
