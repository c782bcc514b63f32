import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves once no request is being handled (or after `timeoutMs`). */
    requestsDrained(timeoutMs: number): Promise<void>;
  }
}

/**
 * Counts requests being handled. Closing the HTTP server stops new connections but does not wait for
 * handlers still running, and those need the database: shutdown waits here before closing the pool.
 */
export function trackInFlightRequests(app: FastifyInstance, gauge: { set(value: number): void }): void {
  // A count, not a set of request ids: a caller's x-request-id is kept, and two requests may share one.
  let active = 0;
  let onIdle: (() => void) | undefined;
  app.addHook('onRequest', async (_request, reply) => {
    active++;
    gauge.set(active);
    // 'close' comes once the response is sent, and also when the client goes away mid-request (then
    // Fastify runs no onResponse hook, and the request must not be counted for ever).
    reply.raw.once('close', () => {
      active--;
      gauge.set(active);
      if (active === 0) onIdle?.();
    });
  });
  app.decorate('requestsDrained', (timeoutMs: number) => {
    if (active === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  });
}
