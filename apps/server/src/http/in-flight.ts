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
  const active = new Set<string>();
  let onIdle: (() => void) | undefined;
  const finish = (id: string) => {
    active.delete(id);
    gauge.set(active.size);
    if (active.size === 0) onIdle?.();
  };
  app.addHook('onRequest', async (request) => {
    active.add(request.id);
    gauge.set(active.size);
  });
  app.addHook('onResponse', async (request) => finish(request.id));
  app.addHook('onRequestAbort', async (request) => finish(request.id));
  app.decorate('requestsDrained', (timeoutMs: number) => {
    if (active.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  });
}
