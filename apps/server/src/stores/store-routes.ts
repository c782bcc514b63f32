import {
  createStoreBodySchema,
  deliveryQuoteSchema,
  locationQuerySchema,
  pageSchema,
  setStoreStockBodySchema,
  storeIdParamsSchema,
  storeResponseSchema,
  storeSchema,
  storeStockResponseSchema,
  storesQuerySchema,
  updateStoreBodySchema,
} from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { optionalCallerOf, principalOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { createStore } from './create-store.js';
import { getStore } from './get-store.js';
import { listStores } from './list-stores.js';
import { quoteDelivery } from './quote-delivery.js';
import { setStoreStock } from './set-store-stock.js';
import { updateStore } from './update-store.js';

const adminOnly = { roles: ['admin'] } as const;
const tags = ['stores'];
const areaRules =
  'A delivery area is a GeoJSON Polygon or MultiPolygon (`[lng, lat]`, rings closed, at most 1,000 points, no ' +
  'edge crossing another); null delivers anywhere. A bad area is a 400 naming the problem.';

export function storeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/stores',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Open stores, by name; admins may pass `all=true` for closed ones too',
          querystring: storesQuerySchema,
          response: { 200: pageSchema(storeSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => listStores(ctx, { caller: optionalCallerOf(request), query: request.query }),
    );

    app.get(
      '/stores/:id',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'One store (a closed store is visible to admins only)',
          params: storeIdParamsSchema,
          response: { 200: storeResponseSchema, ...errorResponses(400, 404) },
        },
      },
      async (request) => ({
        store: await getStore(ctx, { caller: optionalCallerOf(request), storeId: request.params.id }),
      }),
    );

    app.post(
      '/stores',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Open a store',
          description: areaRules,
          body: createStoreBodySchema,
          response: { 201: storeResponseSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const store = await createStore(ctx, {
          adminId: principalOf(request).userId,
          store: request.body,
          correlationId: request.id,
        });
        return reply.code(201).send({ store });
      },
    );

    app.patch(
      '/stores/:id',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: 'Change a store: name, address, location, delivery area, preparation time, or whether it is open',
          description: areaRules,
          params: storeIdParamsSchema,
          body: updateStoreBodySchema,
          response: { 200: storeResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        store: await updateStore(ctx, {
          adminId: principalOf(request).userId,
          storeId: request.params.id,
          changes: request.body,
          correlationId: request.id,
        }),
      }),
    );

    app.put(
      '/stores/:id/stock',
      {
        config: adminOnly,
        schema: {
          tags,
          summary: "Set a store's stock levels (absolute), all or nothing",
          description:
            'An unknown product is a 400 naming its line (`body.items.<index>.productId`); nothing is written.',
          params: storeIdParamsSchema,
          body: setStoreStockBodySchema,
          response: { 200: storeStockResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        items: await setStoreStock(ctx, {
          adminId: principalOf(request).userId,
          storeId: request.params.id,
          items: request.body.items,
          correlationId: request.id,
        }),
      }),
    );

    app.get(
      '/delivery-quote',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Which store would serve this point, how far it is, and the estimate if ordered now',
          description: 'No store delivers there: 422 `outside_delivery_area`.',
          querystring: locationQuerySchema,
          response: { 200: deliveryQuoteSchema, ...errorResponses(400, 422) },
        },
      },
      async (request) => quoteDelivery(ctx, { location: request.query }),
    );
  };
}
