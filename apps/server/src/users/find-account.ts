import type { User } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { findUserByEmail, findUserById, toUserDto, type UserRow } from './user-queries.js';

/** A user with what signing in needs to know: the password hash and whether the account was closed. */
export interface Account {
  user: User;
  passwordHash: string;
  deactivated: boolean;
}

/** The account with this email (case-insensitive), closed ones included; undefined when there is none. */
export async function findAccountByEmail(deps: { pool: Queryable }, email: string): Promise<Account | undefined> {
  const row = await findUserByEmail(deps.pool, email);
  return row && toAccount(row);
}

export async function findAccount(deps: { pool: Queryable }, userId: string): Promise<Account | undefined> {
  const row = await findUserById(deps.pool, userId);
  return row && toAccount(row);
}

function toAccount(row: UserRow): Account {
  return { user: toUserDto(row), passwordHash: row.password_hash, deactivated: row.deactivated_at !== null };
}
