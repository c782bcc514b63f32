import { adminOrdersQuerySchema, adminStatsSchema, orderSchema, pageSchema } from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { errorResponses } from '../http/openapi.js';
import { listOrders } from '../orders/list-orders.js';
import { getOrderStats } from './get-order-stats.js';

const adminOnly = { roles: ['admin'] } as const;

export function adminOrderRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/orders',
      {
        config: { ...adminOnly, scope: 'orders:read' },
        schema: {
          tags: ['admin'],
          summary: 'Every order, newest first; filter by status, partner, customer and placement time',
          description: '`from` is inclusive and `to` exclusive, both ISO times compared with the placement time.',
          querystring: adminOrdersQuerySchema,
          response: { 200: pageSchema(orderSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listOrders(ctx, request.query),
    );

    app.get(
      '/admin/stats',
      {
        config: adminOnly,
        schema: {
          tags: ['admin'],
          summary: 'Live figures: orders by status and per minute, delivery times, partners, revenue today',
          response: { 200: adminStatsSchema, ...errorResponses(401, 403) },
        },
      },
      async () => getOrderStats(ctx),
    );
  };
}
