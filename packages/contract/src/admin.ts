import type { z } from 'zod';
import { roleSchema } from './auth.js';
import { pageQuerySchema, queryBooleanSchema, textSchema } from './common.js';

export const adminUsersQuerySchema = pageQuerySchema.extend({
  role: roleSchema.optional(),
  q: textSchema().min(1).max(100).optional(),
  disabled: queryBooleanSchema.optional(),
});
export type AdminUsersQuery = z.input<typeof adminUsersQuerySchema>;
