import { adminUsersQuerySchema, pageSchema, userResponseSchema, userSchema } from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { principalOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { listUsers } from '../users/list-users.js';
import { setUserDisabled } from '../users/set-user-disabled.js';

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
          summary: 'Users, newest first; filter by role, name or email (`q`) and disabled',
          querystring: adminUsersQuerySchema,
          response: { 200: pageSchema(userSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listUsers(ctx, request.query),
    );

    for (const action of ['disable', 'enable'] as const) {
      app.patch(
        `/admin/users/:id/${action}`,
        {
          config: adminOnly,
          schema: {
            tags: ['admin'],
            summary:
              action === 'disable'
                ? 'Disable an account: locked out at once, sockets closed (not your own)'
                : 'Enable an account again',
            params: userIdParamsSchema,
            response: { 200: userResponseSchema, ...errorResponses(400, 401, 403, 404) },
          },
        },
        async (request) => ({
          user: await setUserDisabled(ctx, {
            adminId: principalOf(request).userId,
            userId: request.params.id,
            disabled: action === 'disable',
            correlationId: request.id,
          }),
        }),
      );
    }
  };
}
