import type { adminUsersQuerySchema, Page, User } from '@swyft/contract';
import type { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import { listUsers as selectUsers } from './user-queries.js';

/** Users for the admin table, newest first, filtered by role, text (name or email) and state. */
export function listUsers(
  deps: { pool: Queryable },
  query: z.output<typeof adminUsersQuerySchema>,
): Promise<Page<User>> {
  return selectUsers(deps.pool, query);
}
