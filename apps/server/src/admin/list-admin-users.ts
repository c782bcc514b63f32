import type { AdminUser, adminUsersQuerySchema, Page } from '@swyft/contract';
import type { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import { selectPartnerRatings } from '../orders/rating-queries.js';
import { listUsers } from '../users/list-users.js';

/** The admin's user table: users as `listUsers` finds them, partners with their rating from customers. */
export async function listAdminUsers(
  deps: { pool: Queryable },
  query: z.output<typeof adminUsersQuerySchema>,
): Promise<Page<AdminUser>> {
  const page = await listUsers(deps, query);
  const partnerIds = page.items.filter((user) => user.role === 'partner').map((user) => user.id);
  const ratings = await selectPartnerRatings(deps.pool, partnerIds);
  return {
    ...page,
    items: page.items.map((user) =>
      user.role === 'partner' ? { ...user, rating: ratings.get(user.id) ?? { average: null, count: 0 } } : user,
    ),
  };
}
