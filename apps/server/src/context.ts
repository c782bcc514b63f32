import type { Redis } from 'ioredis';
import { type AccountStates, createAccountStates } from './auth/account-states.js';
import { type AccessTokens, createAccessTokens } from './auth/tokens.js';
import type { Config } from './config.js';
import type { Pool } from './db/pool.js';
import { type Bus, createBus } from './platform/bus.js';
import type { Logger } from './platform/logger.js';
import { createMetrics, type Metrics, registerPoolMetrics } from './platform/metrics.js';
import { createLimiter, type Limiter } from './platform/rate-limit.js';
import { createRedis } from './platform/redis.js';
import { createRealtime, type Realtime } from './realtime/realtime.js';

/** What the services of one node share: built once at start, passed in, never read from globals. */
export interface AppContext {
  config: Config;
  log: Logger;
  pool: Pool;
  /** Present when REDIS_URL is set (several nodes). */
  redis: Redis | undefined;
  bus: Bus;
  metrics: Metrics;
  accessTokens: AccessTokens;
  accountStates: AccountStates;
  limits: { api: Limiter; loginByIp: Limiter; loginFailuresByAccount: Limiter };
  /** Gateway, sequencer and dispatcher of this node; startNode attaches it to the HTTP server. */
  realtime: Realtime;
  /** Closes what this context opened (not the pool: its owner closes it). */
  close(): Promise<void>;
}

export function createContext({ config, pool, log }: { config: Config; pool: Pool; log: Logger }): AppContext {
  const redis = config.redisUrl ? createRedis(config.redisUrl, log, 'commands') : undefined;
  const subscriber = config.redisUrl
    ? createRedis(config.redisUrl, log, 'bus', { queueWhileOffline: true })
    : undefined;
  const bus = createBus({ publisher: redis, subscriber, prefix: config.redisPrefix, log });
  const metrics = createMetrics();
  registerPoolMetrics(metrics.registry, pool);
  const { rateLimits, redisPrefix: prefix } = config;
  const accessTokens = createAccessTokens(config.jwtSecret, config.accessTokenTtlSeconds);
  const accountStates = createAccountStates(pool, bus);
  const realtime = createRealtime({ config, log, pool, redis, bus, metrics, accessTokens, accountStates });
  return {
    config,
    log,
    pool,
    redis,
    bus,
    metrics,
    accessTokens,
    accountStates,
    limits: {
      api: createLimiter({ redis, prefix, name: 'api', points: rateLimits.perMinute, durationSeconds: 60 }),
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
    realtime,
    async close() {
      await realtime.stop();
      await bus.close();
      subscriber?.disconnect();
      redis?.disconnect();
    },
  };
}
