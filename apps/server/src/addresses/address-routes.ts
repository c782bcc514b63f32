import {
  addressesResponseSchema,
  addressIdParamsSchema,
  addressResponseSchema,
  createAddressBodySchema,
  updateAddressBodySchema,
} from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { callerOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { changeAddress, listMyAddresses, removeAddress } from './change-address.js';
import { saveAddress } from './save-address.js';

const customers = { roles: ['customer'] } as const;
const tags = ['addresses'];

export function addressRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me/addresses',
      {
        config: customers,
        schema: {
          tags,
          summary: 'Your saved addresses, newest first (at most 20)',
          response: { 200: addressesResponseSchema, ...errorResponses(401, 403) },
        },
      },
      async (request) => ({ items: await listMyAddresses(ctx, { customerId: callerOf(request).id }) }),
    );

    app.post(
      '/me/addresses',
      {
        config: customers,
        schema: {
          tags,
          summary: 'Save an address; a 21st is 409 too_many_addresses',
          body: createAddressBodySchema,
          response: { 201: addressResponseSchema, ...errorResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const address = await saveAddress(ctx, { customerId: callerOf(request).id, address: request.body });
        return reply.code(201).send({ address });
      },
    );

    app.patch(
      '/me/addresses/:id',
      {
        config: customers,
        schema: {
          tags,
          summary: 'Change one of your addresses (anyone else’s is 404)',
          params: addressIdParamsSchema,
          body: updateAddressBodySchema,
          response: { 200: addressResponseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        address: await changeAddress(ctx, {
          customerId: callerOf(request).id,
          addressId: request.params.id,
          changes: request.body,
        }),
      }),
    );

    app.delete(
      '/me/addresses/:id',
      {
        config: customers,
        schema: {
          tags,
          summary: 'Remove one of your addresses (anyone else’s is 404)',
          params: addressIdParamsSchema,
          response: { 204: z.null().describe('Removed'), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await removeAddress(ctx, { customerId: callerOf(request).id, addressId: request.params.id });
        return reply.code(204).send(null);
      },
    );
  };
}
