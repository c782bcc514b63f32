import type { User } from '@swyft/contract';
import type { AccountStates } from '../auth/account-states.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { notFound } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { toUserDto, updateUser } from './user-queries.js';

/**
 * An admin enables a disabled account again. Its sessions ended when it was disabled: the user signs in
 * again. Every node drops its cached state of the account, so the sign-in works at once.
 */
export async function enableUser(
  deps: { pool: Pool; accountStates: Pick<AccountStates, 'changed'> },
  input: { adminId: string; userId: string; correlationId: string },
): Promise<User> {
  const user = await withTransaction(deps.pool, async (tx) => {
    const row = await updateUser(tx, input.userId, { disabled: false });
    if (!row) throw notFound('User');
    const enabled = toUserDto(row);
    await appendEvent(tx, {
      type: 'user.enabled',
      actor: { id: input.adminId, role: 'admin' },
      data: { user: enabled },
      correlationId: input.correlationId,
    });
    return enabled;
  });
  deps.accountStates.changed(input.userId);
  return user;
}
