import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import { sendError } from '../http/error-handler.js';

/**
 * Liveness, readiness and metrics: outside /api/v1, not rate limited. /metrics needs METRICS_TOKEN as a
 * bearer token when it is set (it tells how busy the system is and which routes exist).
 */
export function operationsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const hide = { schema: { hide: true } };
    app.get('/healthz', hide, async () => ({ status: 'ok' }));

    app.get('/readyz', hide, async (_request, reply) => {
      const checks: Record<string, 'ok' | 'down'> = {};
      const within = <T>(promise: Promise<T>) =>
        Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000))]);
      checks.database = await within(ctx.pool.query('SELECT 1')).then(
        () => 'ok' as const,
        () => 'down' as const,
      );
      if (ctx.redis) {
        checks.redis = await within(ctx.redis.ping()).then(
          () => 'ok' as const,
          () => 'down' as const,
        );
      }
      if (Object.values(checks).some((state) => state === 'down')) {
        // A load balancer or orchestrator asks again after retry-after, like every other 503 of ours.
        const error = new AppError('unavailable', 'A dependency is not answering', { checks }, { 'retry-after': '5' });
        return sendError(reply, error);
      }
      return { status: 'ready', checks };
    });

    const { metricsToken } = ctx.config;
    app.get('/metrics', hide, async (request, reply) => {
      if (metricsToken && !isBearer(request.headers.authorization, metricsToken)) {
        const error = new AppError(
          'unauthenticated',
          'Send the metrics token: Authorization: Bearer <token>',
          {},
          {
            'www-authenticate': 'Bearer realm="metrics"',
          },
        );
        return sendError(reply, error);
      }
      reply.type(ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    });
  };
}

/** Compares digests of equal length in constant time: the answer's timing tells nothing of the token. */
function isBearer(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
