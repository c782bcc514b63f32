import type { Redis } from 'ioredis';
import { type ApiKeys, createApiKeys } from './api-keys/api-key-states.js';
import { type AccountStates, createAccountStates } from './auth/account-states.js';
import { type AccessTokens, createAccessTokens } from './auth/tokens.js';
import type { Config } from './config.js';
import type { Pool } from './db/pool.js';
import { createDispatcher, type Dispatcher } from './dispatch/dispatcher.js';
import { createKeptLocations, type KeptLocations } from './dispatch/kept-locations.js';
import { createMemoryPositions, createRedisPositions, type PartnerPositions } from './dispatch/partner-positions.js';
import { createLiveEstimates, type LiveEstimates } from './orders/live-estimate.js';
import { type Bus, createBus } from './platform/bus.js';
import { type Clock, systemClock } from './platform/clock.js';
import { createEncryption, type Encryption } from './platform/encryption.js';
import type { Logger } from './platform/logger.js';
import { createMetrics, type Metrics, registerPoolMetrics } from './platform/metrics.js';
import { createLimiter, type Limiter } from './platform/rate-limit.js';
import { createRedis } from './platform/redis.js';
import { createRealtime, type Realtime } from './realtime/realtime.js';
import { createDeliverySpeeds, type DeliverySpeeds } from './stores/delivery-estimate.js';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.js';

/**
 * What the use cases of one node draw on, built once at start and passed in, never read from globals. A use
 * case names the parts it takes (`{ pool, clock }`); routes hand it this object, and service tests build
 * one without HTTP or sockets.
 */
export interface Services {
  config: Config;
  log: Logger;
  pool: Pool;
  clock: Clock;
  /** Present when REDIS_URL is set (several nodes). */
  redis: Redis | undefined;
  bus: Bus;
  metrics: Metrics;
  /** Personal data at rest (addresses, notes, rating comments): the query modules encrypt and decrypt with it. */
  encryption: Encryption;
  accessTokens: AccessTokens;
  accountStates: AccountStates;
  apiKeys: ApiKeys;
  limits: { api: Limiter; apiKey: Limiter; loginByIp: Limiter; loginFailuresByAccount: Limiter };
  /** Each store's delivery speed for estimates, measured from its recent deliveries. */
  deliverySpeeds: DeliverySpeeds;
  /**
   * Online partners by distance: the dispatch index (Redis GEO, each partner within 50 m and 10 s of their
   * latest, or memory on a single node); its `latest` reads `keptLocations`.
   */
  positions: PartnerPositions;
  /** Each partner's exact latest location (the index in `positions` is a coarser copy). */
  keptLocations: KeptLocations;
  /** How a placed order finds its partner (DISPATCH_MODE). */
  dispatcher: Dispatcher;
  /** The estimate of an order on its way, from its partner's latest position. */
  liveEstimates: LiveEstimates;
  /** Webhook delivery (API.md, Webhooks): its sender, metrics and wakes; startNode starts its runner. */
  webhooks: Webhooks;
  /** Closes what these services opened (not the pool: its owner closes it). */
  close(): Promise<void>;
}

/** The wiring of one node: its services and its real-time side. Routes receive it and pass on the parts. */
export interface AppContext extends Services {
  /** Gateway, sequencer and dispatcher of this node; startNode attaches it to the HTTP server. */
  realtime: Realtime;
}

export function createServices({
  config,
  pool,
  log,
  clock = systemClock,
}: {
  config: Config;
  pool: Pool;
  log: Logger;
  clock?: Clock;
}): Services {
  const redis = config.redisUrl ? createRedis(config.redisUrl, log, 'commands') : undefined;
  const subscriber = config.redisUrl
    ? createRedis(config.redisUrl, log, 'bus', { queueWhileOffline: true })
    : undefined;
  const bus = createBus({ publisher: redis, subscriber, prefix: config.redisPrefix, log });
  const metrics = createMetrics();
  registerPoolMetrics(metrics.registry, pool);
  const { rateLimits, redisPrefix: prefix } = config;
  const keptLocations = createKeptLocations({ redis, prefix, log });
  const positions = redis ? createRedisPositions({ redis, prefix, log, kept: keptLocations }) : createMemoryPositions();
  const deliverySpeeds = createDeliverySpeeds({ clock, defaultKmh: config.deliverySpeedKmh });
  const encryption = createEncryption(config.dataEncryption);
  const webhooks = createWebhooks({
    config: config.webhooks,
    pool,
    clock,
    log,
    encryption,
    registry: metrics.registry,
  });
  return {
    webhooks,
    liveEstimates: createLiveEstimates({ positions, deliverySpeeds, clock }),
    positions,
    keptLocations,
    dispatcher: createDispatcher({ config: config.dispatch, positions, clock }),
    config,
    log,
    pool,
    clock,
    redis,
    bus,
    metrics,
    encryption,
    accessTokens: createAccessTokens(config.jwtSecret, config.accessTokenTtlSeconds),
    accountStates: createAccountStates(pool, bus),
    deliverySpeeds,
    apiKeys: createApiKeys({ db: pool, bus, clock, hashKey: config.apiKeyHashKey }),
    limits: {
      api: createLimiter({ redis, prefix, name: 'api', points: rateLimits.perMinute, durationSeconds: 60 }),
      apiKey: createLimiter({
        redis,
        prefix,
        name: 'api-key',
        points: rateLimits.apiKeyPerMinute,
        durationSeconds: 60,
      }),
      loginByIp: createLimiter({
        redis,
        prefix,
        name: 'login-ip',
        points: rateLimits.loginPerIpPerMinute,
        durationSeconds: 60,
      }),
      loginFailuresByAccount: createLimiter({
        redis,
        prefix,
        name: 'login-account',
        points: rateLimits.loginFailuresPerAccount,
        durationSeconds: 15 * 60,
        blockSeconds: 15 * 60,
      }),
    },
    async close() {
      await webhooks.stop();
      await bus.close();
      subscriber?.disconnect();
      redis?.disconnect();
    },
  };
}

export function createContext(options: { config: Config; pool: Pool; log: Logger; clock?: Clock }): AppContext {
  const services = createServices(options);
  const realtime = createRealtime(services);
  return {
    ...services,
    realtime,
    async close() {
      await realtime.stop();
      await services.close();
    },
  };
}
