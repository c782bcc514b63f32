import type { User } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { notFound } from '../errors/app-error.js';
import { findUserById, toUserDto } from './user-queries.js';

export async function getUser(deps: { pool: Queryable }, userId: string): Promise<User> {
  const row = await findUserById(deps.pool, userId);
  if (!row) throw notFound('User');
  return toUserDto(row);
}
