import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors/app-error.js';

export interface Limiter {
  /** Takes `points` for `key`; throws a 429 AppError (with retry-after) when the budget is spent. */
  consume(key: string, points?: number): Promise<void>;
  /** Throws the same 429 when `key` has already spent its budget, without taking a point. */
  assertNotBlocked(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

interface LimiterOptions {
  redis: Redis | undefined;
  prefix: string;
  name: string;
  points: number;
  durationSeconds: number;
  /** Once spent, refuse for this long (defaults to the rest of the window). */
  blockSeconds?: number;
}

/**
 * A fixed-window counter. With Redis the counters are shared by every node; while Redis is away an
 * in-process counter stands in (the insurance limiter), so the API stays up with per-node limits.
 */
export function createLimiter({
  redis,
  prefix,
  name,
  points,
  durationSeconds,
  blockSeconds = 0,
}: LimiterOptions): Limiter {
  const memory = new RateLimiterMemory({
    keyPrefix: name,
    points,
    duration: durationSeconds,
    blockDuration: blockSeconds,
  });
  const limiter = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:rl:${name}`,
        points,
        duration: durationSeconds,
        blockDuration: blockSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : memory;

  const refuse = (result: unknown): never => {
    if (result instanceof RateLimiterRes) throw rateLimited(result.msBeforeNext / 1000);
    throw result; // not a limit: a bug or both stores failing
  };

  return {
    async consume(key, count = 1) {
      await limiter.consume(key, count).catch(refuse);
    },
    async assertNotBlocked(key) {
      const state = await limiter.get(key).catch(() => null);
      if (state && state.consumedPoints >= points) throw rateLimited(state.msBeforeNext / 1000);
    },
    async reset(key) {
      await limiter.delete(key).catch(() => {});
    },
  };
}
