import type { User } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import type { Limiter } from '../platform/rate-limit.js';
import { findAccountByEmail } from '../users/find-account.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { type IssuedSession, issueSession, type SessionDeps } from './start-session.js';

// One message for an unknown email and a wrong password: the answer must not reveal which accounts exist.
const BAD_CREDENTIALS = 'Email or password is incorrect';

export interface LogInDeps extends SessionDeps {
  pool: Pool;
  limits: { loginByIp: Limiter; loginFailuresByAccount: Limiter };
}

/**
 * Checks the password and opens a session. Throttled twice: every attempt counts against the client's IP,
 * and failures count against the account (whether or not it exists), which then refuses even the right
 * password until the window passes.
 */
export async function logIn(
  deps: LogInDeps,
  input: { email: string; password: string; ip: string },
): Promise<{ user: User; session: IssuedSession }> {
  const { loginByIp, loginFailuresByAccount } = deps.limits;
  const accountKey = input.email.trim().toLowerCase();
  await loginByIp.consume(input.ip);
  await loginFailuresByAccount.assertNotBlocked(accountKey);

  const account = await findAccountByEmail(deps, accountKey);
  const passwordOk = account
    ? await verifyPassword(account.passwordHash, input.password)
    : await burnPasswordCheck(input.password);
  if (!account || !passwordOk || account.deactivated) {
    await loginFailuresByAccount.consume(accountKey);
    throw new AppError('unauthenticated', BAD_CREDENTIALS);
  }
  if (account.user.disabled) throw new AppError('account_disabled', 'This account has been disabled');
  await loginFailuresByAccount.reset(accountKey);
  return { user: account.user, session: await issueSession(deps, deps.pool, account.user) };
}
