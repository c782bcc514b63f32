import type { User } from '@swyft/contract';
import type { AccountStates } from '../auth/account-states.js';
import { revokeSessions } from '../auth/revoke-sessions.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { forbidden, notFound } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { toUserDto, updateUser } from './user-queries.js';

/**
 * An admin disables an account, with effect at once: its sessions end, and every node drops its cached
 * state of the account (by the bus at once, by the `user.disabled` event in the log should the bus be
 * down), so the next request with a still-valid access token is refused and the real-time gateway closes
 * the user's connections. An admin cannot disable themself.
 */
export async function disableUser(
  deps: { pool: Pool; accountStates: Pick<AccountStates, 'locked'> },
  input: { adminId: string; userId: string; correlationId: string },
): Promise<User> {
  if (input.adminId === input.userId) throw forbidden('You cannot disable your own account');
  const user = await withTransaction(deps.pool, async (tx) => {
    const row = await updateUser(tx, input.userId, { disabled: true });
    if (!row) throw notFound('User');
    const actor = { id: input.adminId, role: 'admin' } as const;
    // No session.revoked of its own: the user.disabled below tells the log and the other nodes.
    await revokeSessions(tx, input.userId, {
      reason: 'account_disabled',
      actor,
      correlationId: input.correlationId,
      logged: false,
    });
    const disabled = toUserDto(row);
    await appendEvent(tx, {
      type: 'user.disabled',
      actor,
      data: { user: disabled },
      correlationId: input.correlationId,
    });
    return disabled;
  });
  deps.accountStates.locked({ userId: input.userId });
  return user;
}
