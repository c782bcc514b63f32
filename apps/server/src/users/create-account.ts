import type { Role, User } from '@swyft/contract';
import type { PoolClient } from '../db/pool.js';
import { isUniqueViolation } from '../db/transaction.js';
import { AppError } from '../errors/app-error.js';
import { insertUser, toUserDto } from './user-queries.js';

/**
 * Creates an account inside the caller's transaction (the password is hashed before it, off the
 * transaction's time). An email already taken, in any case, is a 409 `email_taken`: the transaction is then
 * aborted, and the caller's `withTransaction` rolls it back.
 */
export async function createAccount(
  tx: PoolClient,
  account: { email: string; name: string; role: Role; passwordHash: string },
): Promise<User> {
  try {
    return toUserDto(await insertUser(tx, account));
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new AppError('email_taken', 'An account with this email already exists', { field: 'email' });
    }
    throw error;
  }
}
