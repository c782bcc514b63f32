import type { Role } from '@swyft/contract';
import { endUserSessions } from '../auth/end-sessions.js';
import type { AppContext } from '../context.js';
import { withTransaction } from '../db/transaction.js';
import { updateUser } from './user-queries.js';

/** Closes the caller's account: no more sign-ins, every session ended; their orders stay for the books. */
export async function deactivateMe(
  ctx: AppContext,
  caller: { userId: string; role: Role; correlationId: string },
): Promise<void> {
  await withTransaction(ctx.pool, async (tx) => {
    await updateUser(tx, caller.userId, { deactivated: true });
    // Its event also tells the other nodes, should the bus message below be lost.
    await endUserSessions(tx, caller.userId, {
      reason: 'account_closed',
      actor: { id: caller.userId, role: caller.role },
      correlationId: caller.correlationId,
    });
  });
  ctx.accountStates.changed(caller.userId);
}
