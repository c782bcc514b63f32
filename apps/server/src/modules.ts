import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addressRoutes } from './addresses/address-routes.js';
import { adminOrderRoutes } from './admin/admin-order-routes.js';
import { adminUserRoutes } from './admin/admin-user-routes.js';
import { apiKeyRoutes } from './api-keys/api-key-routes.js';
import { appConfigRoutes } from './app-config/app-config-routes.js';
import { authRoutes } from './auth/auth-routes.js';
import { productImageRoutes } from './catalog/product-image-routes.js';
import { productRoutes } from './catalog/product-routes.js';
import type { AppContext } from './context.js';
import { eventRoutes } from './events/events-routes.js';
import { orderRoutes } from './orders/order-routes.js';
import { storeRoutes } from './stores/store-routes.js';
import { meRoutes } from './users/me-routes.js';
import { webhookRoutes } from './webhooks/webhook-routes.js';

/** The route modules mounted under /api/v1. Each module owns its routes, services and queries. */
export function apiModules(ctx: AppContext): FastifyPluginAsyncZod[] {
  return [
    authRoutes(ctx),
    meRoutes(ctx),
    adminUserRoutes(ctx),
    productRoutes(ctx),
    productImageRoutes(ctx),
    orderRoutes(ctx),
    adminOrderRoutes(ctx),
    eventRoutes(ctx),
    storeRoutes(ctx),
    addressRoutes(ctx),
    appConfigRoutes(ctx),
    apiKeyRoutes(ctx),
    webhookRoutes(ctx),
  ];
}
