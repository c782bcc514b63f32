import { revokeUserSessions } from '../auth/session-queries.js';
import type { AppContext } from '../context.js';
import { withTransaction } from '../db/transaction.js';
import { updateUser } from './user-queries.js';

/** Closes the caller's account: no more sign-ins, every session ended; their orders stay for the books. */
export async function deactivateMe(ctx: AppContext, userId: string): Promise<void> {
  await withTransaction(ctx.pool, async (tx) => {
    await updateUser(tx, userId, { deactivated: true });
    await revokeUserSessions(tx, userId);
  });
  ctx.accountStates.changed(userId);
}
