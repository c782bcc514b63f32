import { z } from 'zod';
import { roleSchema } from './auth.js';
import { pageQuerySchema, queryBooleanSchema } from './common.js';

export const adminUsersQuerySchema = pageQuerySchema.extend({
  role: roleSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  disabled: queryBooleanSchema.optional(),
});
export type AdminUsersQuery = z.input<typeof adminUsersQuerySchema>;
