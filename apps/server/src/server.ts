import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { startBackgroundWork } from './background-work.js';
import type { Config } from './config.js';
import { type AppContext, createContext } from './context.js';
import type { Pool } from './db/pool.js';
import { startJobRunner } from './dispatch/job-queue.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';

export interface RunningNode {
  /** This node's id (in the `system.started` / `system.stopping` events main.ts records). */
  nodeId: string;
  app: FastifyInstance;
  ctx: AppContext;
  /** http://host:port the node listens on (the real port when config.port was 0). */
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes what the node opened (not the pool). */
  close(): Promise<void>;
}

/** One node: HTTP API, real-time gateway and dispatcher on one port. main.ts and the tests start it alike. */
export async function startNode({
  config,
  pool,
  log,
  clock,
}: {
  config: Config;
  pool: Pool;
  log: Logger;
  /** Tests move time by hand; the node reads the system's clock otherwise. */
  clock?: Clock;
}): Promise<RunningNode> {
  const nodeId = randomUUID();
  const ctx = createContext({ config, pool, log, ...(clock ? { clock } : {}) });
  const app = await buildApp(ctx);
  // Sockets close before the HTTP server does: it waits for every open connection, upgraded ones too.
  app.addHook('preClose', () => ctx.realtime.closeConnections());
  // Nearest dispatch: this node works the job queue too (waves' ends, whichever node made the offer). It
  // installs the queue's schema before the node takes a request that adds a job.
  const jobs =
    ctx.config.dispatch.mode === 'nearest' ? await startJobRunner({ ...ctx, config: ctx.config.dispatch }) : undefined;
  // Webhooks: this node's share of the deliveries (every node, whatever the dispatch mode).
  await ctx.webhooks.start();
  await ctx.realtime.start(app.server);
  await app.listen({ port: config.port, host: config.host });
  const background = startBackgroundWork(ctx);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    nodeId,
    app,
    ctx,
    url: `http://${host}:${port}`,
    async close() {
      // Stop accepting; let the requests being handled finish; then drop the keep-alive connections they
      // leave idle (otherwise the close would wait for the clients' keep-alive timeout).
      background.stop();
      await jobs?.stop();
      await ctx.webhooks.stop();
      const closing = app.close();
      await app.requestsDrained(10_000);
      app.server.closeAllConnections();
      await closing;
      await ctx.apiKeys
        .flushLastUsed()
        .catch((error: unknown) => log.warn({ err: error }, 'could not record the last use of API keys'));
      await ctx.close();
    },
  };
}
