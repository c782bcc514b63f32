import type { User } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { createAccount } from '../users/create-account.js';
import { hashPassword } from './passwords.js';
import { type IssuedSession, issueSession, type SessionDeps } from './start-session.js';

export interface RegisterUserInput {
  name: string;
  email: string;
  password: string;
  role: 'customer' | 'partner';
  correlationId: string;
}

/** Creates the account, its `user.registered` event and a first session, in one transaction. */
export async function registerUser(
  deps: SessionDeps & { pool: Pool },
  input: RegisterUserInput,
): Promise<{ user: User; session: IssuedSession }> {
  const passwordHash = await hashPassword(input.password);
  return withTransaction(deps.pool, async (tx) => {
    const user = await createAccount(tx, { email: input.email, name: input.name, role: input.role, passwordHash });
    await appendEvent(tx, {
      type: 'user.registered',
      actor: { id: user.id, role: user.role },
      data: { user },
      correlationId: input.correlationId,
    });
    return { user, session: await issueSession(deps, tx, user) };
  });
}
