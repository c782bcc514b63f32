import {
  categoriesResponseSchema,
  createProductBodySchema,
  pageSchema,
  productIdParamsSchema,
  productQuerySchema,
  productResponseSchema,
  productSchema,
  productsQuerySchema,
  updateProductBodySchema,
} from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { callerOf, optionalCallerOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { createProduct } from './create-product.js';
import { getProduct } from './get-product.js';
import { listCategories } from './list-categories.js';
import { listProducts } from './list-products.js';
import { updateProduct } from './update-product.js';

const catalogWriters = { roles: ['admin'], scope: 'catalog:write' } as const;

export function productRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/products',
      {
        config: { public: true },
        schema: {
          tags: ['catalog'],
          summary:
            'Products on sale, by name; `q` searches names, descriptions and categories, tolerating a typo (best ' +
            'matches first); `category` keeps one category; `stock` is at `storeId` (else the default store); ' +
            'admins may pass `all=true` for inactive ones too',
          querystring: productsQuerySchema,
          response: { 200: pageSchema(productSchema), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => listProducts(ctx, { caller: optionalCallerOf(request), query: request.query }),
    );

    app.get(
      '/categories',
      {
        config: { public: true },
        schema: {
          tags: ['catalog'],
          summary: 'The categories of the products on sale, by name, with how many products each holds',
          response: { 200: categoriesResponseSchema },
        },
      },
      async () => listCategories(ctx),
    );

    app.get(
      '/products/:id',
      {
        config: { public: true },
        schema: {
          tags: ['catalog'],
          summary: 'One product (a product no longer sold is visible to admins only)',
          params: productIdParamsSchema,
          querystring: productQuerySchema,
          response: { 200: productResponseSchema, ...errorResponses(400, 404) },
        },
      },
      async (request) => ({
        product: await getProduct(ctx, {
          caller: optionalCallerOf(request),
          productId: request.params.id,
          storeId: request.query.storeId,
        }),
      }),
    );

    app.post(
      '/products',
      {
        config: catalogWriters,
        schema: {
          tags: ['catalog'],
          summary: 'Add a product (prices in cents; `stock` at the default store)',
          body: createProductBodySchema,
          response: { 201: productResponseSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const product = await createProduct(ctx, {
          actor: callerOf(request),
          product: request.body,
          correlationId: request.id,
        });
        return reply.code(201).send({ product });
      },
    );

    app.patch(
      '/products/:id',
      {
        config: catalogWriters,
        schema: {
          tags: ['catalog'],
          summary:
            'Change a product: name, description, price, stock (absolute, at the default store) or whether it is sold',
          params: productIdParamsSchema,
          body: updateProductBodySchema,
          response: { 200: productResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        product: await updateProduct(ctx, {
          actor: callerOf(request),
          productId: request.params.id,
          changes: request.body,
          correlationId: request.id,
        }),
      }),
    );
  };
}
