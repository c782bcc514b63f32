import type { Role } from '@swyft/contract';
import { verifyPassword } from '../auth/passwords.js';
import type { Queryable } from '../db/pool.js';
import { DEMO_PASSWORD, demoAccounts } from './seed-demo-data.js';
import { findAccountsThatMaySignIn } from './seed-queries.js';

/**
 * The demo logins that work now, to print at start: demo accounts that exist, may sign in, and still have
 * the demo password (an admin may have disabled one, its owner closed it or changed its password).
 */
export async function findWorkingDemoLogins(db: Queryable): Promise<{ email: string; role: Role }[]> {
  const accounts = await findAccountsThatMaySignIn(
    db,
    demoAccounts.map((account) => account.email),
  );
  // One check per distinct hash: the seed gives every demo account the same one.
  const checks = new Map<string, Promise<boolean>>();
  const working = new Map<string, Role>();
  for (const account of accounts) {
    let check = checks.get(account.password_hash);
    if (!check) {
      check = verifyPassword(account.password_hash, DEMO_PASSWORD);
      checks.set(account.password_hash, check);
    }
    if (await check) working.set(account.email.toLowerCase(), account.role);
  }
  return demoAccounts.flatMap(({ email }) => {
    const role = working.get(email);
    return role ? [{ email, role }] : [];
  });
}
