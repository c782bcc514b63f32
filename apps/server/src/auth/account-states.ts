import type { Queryable } from '../db/pool.js';
import type { Bus } from '../platform/bus.js';
import { type AccountState, findAccountState } from '../users/user-queries.js';

export const ACCOUNT_CHANGED = 'account.changed';
const TTL_MS = 5_000;

export interface AccountStates {
  /** The account's current role and state; undefined when the account does not exist. */
  get(userId: string): Promise<AccountState | undefined>;
  /** Call after committing a change of role or state: every node drops its copy at once. */
  changed(userId: string): void;
}

/**
 * Every authenticated request checks the account (a disabled user is locked out at once, even holding an
 * unexpired access token), so the answer is cached for a few seconds per node. A change is broadcast on
 * the bus and drops the copy on every node; the TTL bounds staleness if a broadcast is lost (Redis down).
 */
export function createAccountStates(db: Queryable, bus: Bus): AccountStates {
  const cache = new Map<string, { state: AccountState | undefined; expiresAt: number }>();
  const changedAt = new Map<string, number>();

  bus.subscribe(ACCOUNT_CHANGED, (message) => {
    const { userId } = message as { userId: string };
    cache.delete(userId);
    changedAt.set(userId, performance.now());
    if (changedAt.size > 10_000) changedAt.clear();
  });

  return {
    async get(userId) {
      const now = performance.now();
      const hit = cache.get(userId);
      if (hit && hit.expiresAt > now) return hit.state;
      const state = await findAccountState(db, userId);
      // A change broadcast while this read was in flight may not be in what it read: do not keep it.
      if ((changedAt.get(userId) ?? -1) < now) {
        if (cache.size > 50_000) cache.clear();
        cache.set(userId, { state, expiresAt: now + TTL_MS });
      }
      return state;
    },
    changed(userId) {
      bus.publish(ACCOUNT_CHANGED, { userId });
    },
  };
}
