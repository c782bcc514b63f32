import type { User } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { notFound } from '../errors/app-error.js';
import { findUserById, toUserDto } from './user-queries.js';

export async function getUser(ctx: AppContext, userId: string): Promise<User> {
  const row = await findUserById(ctx.pool, userId);
  if (!row) throw notFound('User');
  return toUserDto(row);
}
