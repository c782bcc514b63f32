import {
  eventSchema,
  idempotencyHeadersSchema,
  orderIdParamsSchema,
  orderResponseSchema,
  orderSchema,
  pageQuerySchema,
  pageSchema,
  placeOrderBodySchema,
  rateOrderBodySchema,
  setOrderStatusBodySchema,
} from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { eventPageSerializer } from '../events/event-page-serializer.js';
import { callerOf } from '../http/authenticate.js';
import { idempotencyKeyOf, replayable } from '../http/idempotency.js';
import { errorResponses } from '../http/openapi.js';
import { acceptOrder } from './accept-order.js';
import { cancelOrder } from './cancel-order.js';
import { getOrder } from './get-order.js';
import { listAssignedOrders } from './list-assigned-orders.js';
import { listMyOrders } from './list-my-orders.js';
import { listOrderEvents } from './list-order-events.js';
import { listUnassignedOrders } from './list-unassigned-orders.js';
import { placeOrder } from './place-order.js';
import { rateOrder } from './rate-order.js';
import { rejectOrder } from './reject-order.js';
import { setOrderStatus } from './set-order-status.js';

const customers = { roles: ['customer'] } as const;
const partners = { roles: ['partner'] } as const;
/** Every signed-in account (the use case decides what each may see) and keys with `orders:read`. */
const orderReaders = { scope: 'orders:read' } as const;
const tags = ['orders'];
const orderPage = pageSchema(orderSchema);
const retrySafe =
  'Send `Idempotency-Key` to make a retry safe: the same key with the same request within 24 h answers the first ' +
  'answer again (header `idempotent-replayed: true`) and changes nothing; with another request 422 ' +
  '`idempotency_key_reused`; while the first is still running, the retry waits for it (409 `idempotency_in_flight` after 5 s).';

export function orderRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/orders',
      {
        config: customers,
        schema: {
          tags,
          summary: 'Place an order; stock for every line is taken at once, all or nothing',
          description: retrySafe,
          headers: idempotencyHeadersSchema,
          body: placeOrderBodySchema,
          response: { 201: orderResponseSchema, ...errorResponses(400, 401, 403, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const placed = await placeOrder(ctx, {
          customer: callerOf(request),
          ...request.body,
          idempotencyKey: idempotencyKeyOf(request),
          correlationId: request.id,
        });
        return reply.code(201).send({ order: replayable(reply, placed) });
      },
    );

    app.get(
      '/orders/my',
      {
        config: customers,
        schema: {
          tags,
          summary: 'Your orders, newest first',
          querystring: pageQuerySchema,
          response: { 200: orderPage, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listMyOrders(ctx, { customer: callerOf(request), ...request.query }),
    );

    app.get(
      '/orders/unassigned',
      {
        config: partners,
        schema: {
          tags,
          summary: 'Open offers, oldest first, without those you declined or gave back',
          querystring: pageQuerySchema,
          response: { 200: orderPage, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listUnassignedOrders(ctx, { partnerId: callerOf(request).id, ...request.query }),
    );

    app.get(
      '/orders/assigned',
      {
        config: partners,
        schema: {
          tags,
          summary: 'Orders assigned to you: active ones first, then delivered and cancelled, each newest first',
          querystring: pageQuerySchema,
          response: { 200: orderPage, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listAssignedOrders(ctx, { partnerId: callerOf(request).id, ...request.query }),
    );

    app.get(
      '/orders/:id',
      {
        config: orderReaders,
        schema: {
          tags,
          summary: 'One order: for its customer, its partner (or any partner while it is an open offer), admins',
          params: orderIdParamsSchema,
          response: { 200: orderResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({ order: await getOrder(ctx, { orderId: request.params.id, caller: callerOf(request) }) }),
    );

    app.post(
      '/orders/:id/rating',
      {
        config: customers,
        schema: {
          tags,
          summary: "Rate your delivered order's delivery: stars 1 to 5 and a comment, once",
          description: 'Before delivery 409 `not_delivered`; a second rating 409 `already_rated`.',
          params: orderIdParamsSchema,
          body: rateOrderBodySchema,
          response: { 201: orderResponseSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const order = await rateOrder(ctx, {
          customer: callerOf(request),
          orderId: request.params.id,
          stars: request.body.stars,
          comment: request.body.comment ?? null,
        });
        return reply.code(201).send({ order });
      },
    );

    app.get(
      '/orders/:id/events',
      {
        schema: {
          tags,
          summary: 'The events of an order that you may see, oldest first (once dispatched)',
          params: orderIdParamsSchema,
          querystring: pageQuerySchema,
          response: { 200: pageSchema(eventSchema), ...errorResponses(400, 401, 403, 404) },
        },
        serializerCompiler: eventPageSerializer,
      },
      async (request) =>
        listOrderEvents(ctx, { orderId: request.params.id, caller: callerOf(request), ...request.query }),
    );

    app.patch(
      '/orders/:id/accept',
      {
        config: partners,
        schema: {
          tags,
          summary: 'Take an open offer; if partners race, one wins and the others get 409 already_assigned',
          description: retrySafe,
          headers: idempotencyHeadersSchema,
          params: orderIdParamsSchema,
          response: { 200: orderResponseSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const accepted = await acceptOrder(ctx, {
          orderId: request.params.id,
          partner: callerOf(request),
          idempotencyKey: idempotencyKeyOf(request),
          correlationId: request.id,
        });
        return { order: replayable(reply, accepted) };
      },
    );

    app.patch(
      '/orders/:id/reject',
      {
        config: partners,
        schema: {
          tags,
          summary: 'Decline an open offer (for you only), or give back an order you accepted',
          description: retrySafe,
          headers: idempotencyHeadersSchema,
          params: orderIdParamsSchema,
          response: { 200: orderResponseSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const rejected = await rejectOrder(ctx, {
          orderId: request.params.id,
          partner: callerOf(request),
          idempotencyKey: idempotencyKeyOf(request),
          correlationId: request.id,
        });
        return { order: replayable(reply, rejected) };
      },
    );

    app.patch(
      '/orders/:id/status',
      {
        config: { roles: ['partner', 'admin'], scope: 'orders:write' },
        schema: {
          tags,
          summary: 'Move an order on (assigned partner), or any allowed move (admin)',
          description:
            'A move the state machine does not allow answers 409 `invalid_transition`; `details.allowed` lists the ' +
            "moves you may make. A partner delivers with the customer's `handoverCode`: without it 422 " +
            '`handover_code_required`, a wrong one 422 `handover_code_invalid` (`details.attemptsLeft`), after 5 wrong ' +
            'ones 409 `handover_locked` (admins need no code). `actedAt`: when the step was made (at most 24 h ago, ' +
            `at most 2 min ahead). ${retrySafe}`,
          headers: idempotencyHeadersSchema,
          params: orderIdParamsSchema,
          body: setOrderStatusBodySchema,
          response: { 200: orderResponseSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const moved = await setOrderStatus(ctx, {
          orderId: request.params.id,
          status: request.body.status,
          handoverCode: request.body.handoverCode,
          actedAt: request.body.actedAt,
          caller: callerOf(request),
          idempotencyKey: idempotencyKeyOf(request),
          correlationId: request.id,
        });
        return { order: replayable(reply, moved) };
      },
    );

    app.patch(
      '/orders/:id/cancel',
      {
        config: { roles: ['customer', 'admin'], scope: 'orders:write' },
        schema: {
          tags,
          summary: 'Cancel an order (customer: while placed or accepted; admin: until finished); stock is returned',
          description: retrySafe,
          headers: idempotencyHeadersSchema,
          params: orderIdParamsSchema,
          response: { 200: orderResponseSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const cancelled = await cancelOrder(ctx, {
          orderId: request.params.id,
          caller: callerOf(request),
          idempotencyKey: idempotencyKeyOf(request),
          correlationId: request.id,
        });
        return { order: replayable(reply, cancelled) };
      },
    );
  };
}
