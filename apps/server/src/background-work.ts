import type { ApiKeys } from './api-keys/api-key-states.js';
import { purgeEndedSessions } from './auth/purge-ended-sessions.js';
import type { Pool } from './db/pool.js';
import { purgeExpiredIdempotencyKeys } from './idempotency/purge-expired-keys.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { everyInTurn } from './platform/periodic.js';
import { purgeOldWebhookAttempts } from './webhooks/purge-attempts.js';

const PURGE_EVERY_MS = 10 * 60_000;
/** How stale an API key's `lastUsedAt` may be: its uses are written in one batch this often. */
const API_KEY_USE_FLUSH_EVERY_MS = 2_000;

/** The periodic jobs a node runs besides serving requests; each is safe to run on every node at once. */
export function startBackgroundWork(deps: { pool: Pool; clock: Clock; log: Logger; apiKeys: ApiKeys }): {
  stop(): void;
} {
  const purgeIdempotencyKeys = async () => {
    try {
      await purgeExpiredIdempotencyKeys(deps);
    } catch (error) {
      deps.log.warn({ err: error }, 'could not purge expired idempotency keys');
    }
  };
  const flushApiKeyUses = async () => {
    try {
      await deps.apiKeys.flushLastUsed();
    } catch (error) {
      deps.log.warn({ err: error }, 'could not record the last use of API keys; retried at the next flush');
    }
  };
  const purgeWebhookAttempts = async () => {
    try {
      await purgeOldWebhookAttempts(deps);
    } catch (error) {
      deps.log.warn({ err: error }, 'could not purge old webhook delivery attempts');
    }
  };
  const purgeSessions = async () => {
    try {
      await purgeEndedSessions(deps);
    } catch (error) {
      deps.log.warn({ err: error }, 'could not purge ended sessions');
    }
  };
  // One run of each at a time: with the database slow, a 2 s flush would otherwise pile up behind the last.
  const loops = [
    everyInTurn(PURGE_EVERY_MS, purgeSessions),
    everyInTurn(PURGE_EVERY_MS, purgeWebhookAttempts),
    everyInTurn(PURGE_EVERY_MS, purgeIdempotencyKeys),
    everyInTurn(API_KEY_USE_FLUSH_EVERY_MS, flushApiKeyUses),
  ];
  return {
    stop: () => {
      for (const loop of loops) loop.stop();
    },
  };
}
