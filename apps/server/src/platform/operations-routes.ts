import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../http/app-error.js';
import { sendError } from '../http/error-handler.js';

/** Liveness, readiness and metrics: outside /api/v1, unauthenticated, not rate limited. */
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
        return sendError(reply, new AppError('unavailable', 'A dependency is not answering', { checks }));
      }
      return { status: 'ready', checks };
    });

    app.get('/metrics', hide, async (_request, reply) => {
      reply.type(ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    });
  };
}
