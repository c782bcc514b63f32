import {
  adminOrdersExportQuerySchema,
  adminOrdersQuerySchema,
  adminStatsQuerySchema,
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
import { exportOrders } from './export-orders.js';
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
          summary: 'Every order, newest first; filter by status, partner, customer, placement time and `q`',
          description:
            '`from` is inclusive and `to` exclusive, both ISO times compared with the placement time; `q` finds ' +
            "the customer's name or email, or the short id (the first 8 characters of the order's id).",
          querystring: adminOrdersQuerySchema,
          response: { 200: pageSchema(orderSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listOrders(ctx, request.query),
    );

    app.get(
      '/admin/orders/export',
      {
        config: { ...adminOnly, scope: 'orders:read' },
        schema: {
          tags: ['admin'],
          summary: 'The orders `/admin/orders` would list (its filters), as CSV',
          description:
            'A header row, then one row per order, newest first; RFC 4180 quoting; a cell starting with `=`, `+`, ' +
            "`-` or `@` is prefixed with `'` so that a spreadsheet never runs it.",
          querystring: adminOrdersExportQuerySchema,
          produces: ['text/csv'],
          response: errorResponses(400, 401, 403),
        },
      },
      async (request, reply) => {
        const day = new Date().toISOString().slice(0, 10);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="orders-${day}.csv"`)
          .header('cache-control', 'no-store')
          .send(exportOrders(ctx, request.query) as never);
      },
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
          summary:
            'Live figures (orders by status and per minute, delivery times, partners, revenue today) and those of ' +
            'a period (default: today in `tz`) against the one before, sales per product, low stock',
          querystring: adminStatsQuerySchema,
          response: { 200: adminStatsSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => getOrderStats(ctx, request.query),
    );
  };
}
