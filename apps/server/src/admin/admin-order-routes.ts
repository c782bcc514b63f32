import {
  adminOrdersQuerySchema,
  adminStatsSchema,
  assignOrderBodySchema,
  idempotencyHeadersSchema,
  orderIdParamsSchema,
  orderResponseSchema,
  orderSchema,
  pageSchema,
} from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { callerOf } from '../http/authenticate.js';
import { idempotencyKeyOf, replayable } from '../http/idempotency.js';
import { errorResponses } from '../http/openapi.js';
import { assignOrder } from '../orders/assign-order.js';
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

    app.patch(
      '/admin/orders/:id/assign',
      {
        config: adminOnly,
        schema: {
          tags: ['admin'],
          summary: 'Give a placed order to a partner; 409 already_assigned if someone took it first',
          description:
            'The partner accepts it as if they had (actor: the admin); any running wave of offers ends. ' +
            'Send `Idempotency-Key` to make a retry safe.',
          headers: idempotencyHeadersSchema,
          params: orderIdParamsSchema,
          body: assignOrderBodySchema,
          response: { 200: orderResponseSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const assigned = await assignOrder(ctx, {
          orderId: request.params.id,
          partnerId: request.body.partnerId,
          admin: callerOf(request),
          idempotencyKey: idempotencyKeyOf(request),
          correlationId: request.id,
        });
        return { order: replayable(reply, assigned) };
      },
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
