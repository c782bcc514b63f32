import {
  MAX_PRODUCT_IMAGE_BYTES,
  productIdParamsSchema,
  productImageTypes,
  productResponseSchema,
} from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import { callerOf } from '../http/authenticate.js';
import { errorResponses } from '../http/openapi.js';
import { getProductImage, setProductImage } from './product-image.js';

const IMAGE_TYPES: readonly string[] = productImageTypes;
const imageFileParamsSchema = z.strictObject({
  file: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{16}\.webp$/,
      'is not an image this server gave out',
    ),
});

/**
 * Product photos: the upload (its body is the image itself, so these routes have their own content-type
 * parsers: the three image types as a Buffer of at most 5 MB; anything else, JSON included, is a 415) and the
 * re-encoded photo under its `imageUrl`, cached for ever (its hash is in the URL).
 */
export function productImageRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      [...IMAGE_TYPES],
      { parseAs: 'buffer', bodyLimit: MAX_PRODUCT_IMAGE_BYTES },
      (_request, body, done) => done(null, body),
    );
    app.addContentTypeParser('*', (request, _payload, done) => {
      done(
        new AppError(
          'unsupported_media_type',
          `Send the image itself as ${IMAGE_TYPES.join(', ')} (not ${request.headers['content-type'] ?? 'no type'})`,
        ),
        undefined,
      );
    });

    app.put(
      '/products/:id/image',
      {
        config: { roles: ['admin'], scope: 'catalog:write' },
        bodyLimit: MAX_PRODUCT_IMAGE_BYTES,
        schema: {
          tags: ['catalog'],
          summary: "Set a product's photo: the body is the image (JPEG, PNG or WebP, at most 5 MB)",
          description:
            'Stored re-encoded as WebP at most 800 px wide; `imageUrl` changes with each upload. 415 for another ' +
            'type, 400 when the body does not decode as its type or is too big a picture, 413 over 5 MB.',
          params: productIdParamsSchema,
          consumes: [...IMAGE_TYPES],
          response: { 200: productResponseSchema, ...errorResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request) => {
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!Buffer.isBuffer(request.body) || !IMAGE_TYPES.includes(contentType)) {
          throw new AppError('unsupported_media_type', `Send the image itself as ${IMAGE_TYPES.join(', ')}`);
        }
        if (request.body.length === 0) {
          throw new AppError('validation_failed', 'body: the image is empty', {
            fields: [{ path: 'body', message: 'is empty' }],
          });
        }
        return {
          product: await setProductImage(ctx, {
            actor: callerOf(request),
            productId: request.params.id,
            body: request.body,
            contentType,
            correlationId: request.id,
          }),
        };
      },
    );

    app.get(
      '/images/:file',
      {
        config: { public: true },
        schema: {
          tags: ['catalog'],
          summary: 'A product photo, as `imageUrl` names it (cached for ever: a new photo has a new URL)',
          params: imageFileParamsSchema,
        },
      },
      async (request, reply) => {
        const name = request.params.file.slice(0, -'.webp'.length);
        const image = await getProductImage(ctx, { productId: name.slice(0, 36), hash: name.slice(37) });
        return reply
          .header('content-type', image.contentType)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('etag', `"${name.slice(37)}"`)
          .send(image.bytes);
      },
    );
  };
}
