import type { Role } from '@swyft/contract';
import type { AccountStates } from '../auth/account-states.js';
import { revokeSessions } from '../auth/revoke-sessions.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { updateUser } from './user-queries.js';

/** Closes the caller's account: no more sign-ins, every session ended; their orders stay for the books. */
export async function deactivateMe(
  deps: { pool: Pool; accountStates: Pick<AccountStates, 'locked'> },
  caller: { userId: string; role: Role; correlationId: string },
): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    await updateUser(tx, caller.userId, { deactivated: true });
    // Its session.revoked event also tells the other nodes, should the bus message below be lost.
    await revokeSessions(tx, caller.userId, {
      reason: 'account_closed',
      actor: { id: caller.userId, role: caller.role },
      correlationId: caller.correlationId,
    });
  });
  deps.accountStates.locked({ userId: caller.userId });
}
