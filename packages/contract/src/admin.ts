import { z } from 'zod';
import { roleSchema, userSchema } from './auth.js';
import { pageQuerySchema, queryBooleanSchema, textSchema } from './common.js';

export const adminUsersQuerySchema = pageQuerySchema.extend({
  role: roleSchema.optional(),
  q: textSchema().min(1).max(100).optional(),
  disabled: queryBooleanSchema.optional(),
});
export type AdminUsersQuery = z.input<typeof adminUsersQuerySchema>;

/** A user as `/admin/users` lists them: partners carry their delivery rating (second wave). */
export const adminUserSchema = userSchema
  .extend({
    rating: z
      .object({
        average: z.number().nullable().describe('Mean stars, one decimal; null without ratings'),
        count: z.number().int(),
      })
      .nullable()
      .optional()
      .describe("A partner's ratings from customers; absent or null for other roles"),
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof adminUserSchema>;
