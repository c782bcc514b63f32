import { adminUserSchema, adminUsersQuerySchema, pageSchema, userResponseSchema } from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { principalOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { disableUser } from '../users/disable-user.js';
import { enableUser } from '../users/enable-user.js';
import { listAdminUsers } from './list-admin-users.js';

const adminOnly = { roles: ['admin'] } as const;
const userIdParamsSchema = z.strictObject({ id: z.uuid() });

export function adminUserRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/users',
      {
        config: adminOnly,
        schema: {
          tags: ['admin'],
          summary: "Users, newest first; filter by role, name or email (`q`) and disabled; partners' ratings",
          querystring: adminUsersQuerySchema,
          response: { 200: pageSchema(adminUserSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listAdminUsers(ctx, request.query),
    );

    app.patch(
      '/admin/users/:id/disable',
      {
        config: adminOnly,
        schema: {
          tags: ['admin'],
          summary: 'Disable an account: locked out at once, sockets closed (not your own)',
          params: userIdParamsSchema,
          response: { 200: userResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        user: await disableUser(ctx, {
          adminId: principalOf(request).userId,
          userId: request.params.id,
          correlationId: request.id,
        }),
      }),
    );

    app.patch(
      '/admin/users/:id/enable',
      {
        config: adminOnly,
        schema: {
          tags: ['admin'],
          summary: 'Enable an account again',
          params: userIdParamsSchema,
          response: { 200: userResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        user: await enableUser(ctx, {
          adminId: principalOf(request).userId,
          userId: request.params.id,
          correlationId: request.id,
        }),
      }),
    );
  };
}
