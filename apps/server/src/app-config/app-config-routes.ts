import { type AppConfig, appConfigSchema } from '@swyft/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';

/** `GET /app-config`: what the web app needs of the server's configuration (the map's tiles). */
export function appConfigRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const { mode, waveSize, offerSeconds, maxWaves } = ctx.config.dispatch;
  const appConfig: AppConfig = {
    map: ctx.config.map,
    dispatch: { mode, waveSize, offerSeconds, maxWaves },
    handoverCode: ctx.config.handoverCode,
  };
  return async (app) => {
    app.get(
      '/app-config',
      {
        config: { public: true },
        schema: {
          tags: ['app'],
          summary:
            "The web app's settings: the map's tile URL template (null: no base layer) and attribution; the dispatch settings",
          response: { 200: appConfigSchema },
        },
      },
      async () => appConfig,
    );
  };
}
