import { Redis } from 'ioredis';

/**
 * Deletes every key under `<prefix>:` (a test node's rate-limit counters, partner positions), so the Redis
 * the suites share does not collect them. Best effort: a Redis that is gone (an outage test) is left alone.
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // nothing to clean, or nobody to ask
  } finally {
    redis.disconnect();
  }
}
