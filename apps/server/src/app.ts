import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import secureJsonParse from 'secure-json-parse';
import type { AppContext } from './context.js';
import { AppError } from './errors/app-error.js';
import { registerAuthentication } from './http/authenticate.js';
import { answerClientError, registerErrorHandling, sendError, sendFrameworkError } from './http/error-handler.js';
import { trackInFlightRequests } from './http/in-flight.js';
import { apiModules } from './modules.js';
import { operationsRoutes } from './platform/operations-routes.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
export const BODY_LIMIT_BYTES = 1024 * 1024;
const MAX_URL_BYTES = 16 * 1024;

/** Builds the HTTP app of one node from its modules; tests build one the same way. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: ctx.config.trustProxy,
    // A caller's (or the load balancer's) x-request-id is kept when it looks like one, so a request can be
    // followed across systems; otherwise a fresh UUID.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Fastify's own answers (a 503 while closing, a bad URL, a request Node cannot parse) have bodies of
    // their own; these options route them into the one error shape instead (the hooks below, error-handler).
    return503OnClosing: false,
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: answerClientError,
    // The router's limit guards regex parameters, which no route has. A longer id reaches its route, whose
    // schema names the field (400 on params.id), instead of falling through to the web app's catch-all.
    // Node already caps a request line, with its headers, at 16 KB.
    routerOptions: { maxParamLength: MAX_URL_BYTES },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // JSON only: every other content type is a 415. An empty body is "no body" (PATCH /accept, say).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/, { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(
        null,
        secureJsonParse.parse(body as string, undefined, { protoAction: 'error', constructorAction: 'error' }),
      );
    } catch {
      done(new AppError('invalid_json', 'Request body is not valid JSON'), undefined);
    }
  });

  registerErrorHandling(app);
  trackInFlightRequests(app, ctx.metrics.requestsInFlight);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  refuseRequestsWhileClosing(app);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequestDuration.observe(
      { method: request.method, route, status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level](
      { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'"],
        // The map's tiles come from the configured tile server.
        imgSrc: ["'self'", 'data:', ...tileImageSources(ctx.config.map.tileUrl)],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: ctx.config.cookieSecure === true,
  });
  if (ctx.config.corsOrigins.length > 0) {
    await app.register(fastifyCors, {
      origin: ctx.config.corsOrigins,
      credentials: true,
      allowedHeaders: ['content-type', 'x-csrf-token', 'idempotency-key', 'authorization', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  }

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Swyft API',
        version: '1.0.0',
        description:
          'Real-time order and delivery. Every error has the shape `{ error: { code, message, details, requestId } }`.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          cookie: { type: 'apiKey', in: 'cookie', name: 'access_token' },
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      security: [{ cookie: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api-docs', staticCSP: true });
  app.get('/api-docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(operationsRoutes(ctx));
  await app.register(
    async (api) => {
      registerAuthentication(api, ctx);
      for (const routes of apiModules(ctx)) await api.register(routes);
    },
    { prefix: '/api/v1' },
  );

  await registerWebApp(app, ctx.config.webDistDir);
  return app;
}

/**
 * The origin a tile URL template loads images from, as a CSP source: `https://tile.openstreetmap.org`, or
 * `https://*.tile.example.org` for a template with a `{s}` subdomain.
 */
export function tileImageSources(tileUrl: string | null): string[] {
  const origin = tileUrl && /^(https?:\/\/[^/?#]+)/.exec(tileUrl)?.[1];
  if (!origin) return [];
  return [origin.replace(/\{[a-z]+\}/g, '*')];
}

/**
 * While the node shuts down, a request that still arrives (pipelined, or on a connection kept alive by one
 * in flight) is told to go elsewhere, in the one error shape (Fastify's built-in 503 has a body of its own).
 */
function refuseRequestsWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new AppError('unavailable', 'This server is shutting down; try again', {}, { 'retry-after': '1' });
  });
}

/**
 * Serves the built web app on the same origin as the API (cookies and the socket just work). Unknown
 * paths under /api answer 404 in the error shape; other unknown GETs get index.html (client routing).
 */
async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const indexHtml = path.join(distDir, 'index.html');
  const hasWebApp = existsSync(indexHtml);
  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root: distDir,
      // Looked up per request, so a rebuilt web app is served without restarting the server.
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (res, filePath) => {
        // Hashed asset names never change content: cache them for a year. The page itself is always
        // revalidated, so a new deploy's page (and its new asset names) is picked up at once.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !/^\/(api|socket\.io|api-docs)(\/|$)/.test(request.url);
    if (hasWebApp && isPage && request.headers.accept?.includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
}
