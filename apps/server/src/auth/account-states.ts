import type { SwyftEvent } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Bus } from '../platform/bus.js';
import { type AccessState, findAccessState } from './session-queries.js';

export const ACCOUNT_CHANGED = 'account.changed';
const TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

export interface AccountStates {
  /** The account's role and state and whether this session is live; undefined when the account does not exist. */
  get(userId: string, sessionId: string): Promise<AccessState | undefined>;
  /** Call after committing a change of the account or of its sessions: every node drops its copies at once. */
  changed(userId: string): void;
  /**
   * Every event this node delivers from the log: one that changes who may act drops this node's copies,
   * so a lost bus message (Redis down) delays a lockout by the log's delivery, not by the cache's TTL.
   */
  observe(event: SwyftEvent): void;
  /** Called on this node after a user's copies were dropped (to close connections that may no longer stay). */
  onChange(listener: (userId: string) => void): void;
}

/** The user whose cached access may be wrong after this event, if any. */
function userWhoseAccessChanged(event: SwyftEvent): string | undefined {
  switch (event.type) {
    case 'user.disabled':
    case 'user.enabled':
      return event.data.user.id;
    case 'session.revoked':
      return event.data.userId;
    default:
      return undefined;
  }
}

/**
 * Every authenticated request checks the account and its session (a disabled user, or an ended session,
 * is locked out at once, even holding an unexpired access token), so the answer is cached for a few
 * seconds per node, per (user, session). A change drops every copy of the user on every node: at once by
 * the bus, and by the change's event in the log when a bus message is lost. The TTL is the last bound.
 */
export function createAccountStates(db: Queryable, bus: Bus): AccountStates {
  /** By user, then by session. */
  const cache = new Map<string, Map<string, { state: AccessState | undefined; expiresAt: number }>>();
  let entries = 0;
  const changedAt = new Map<string, number>();
  const listeners: ((userId: string) => void)[] = [];

  const forget = (userId: string) => {
    entries -= cache.get(userId)?.size ?? 0;
    cache.delete(userId);
    changedAt.set(userId, performance.now());
    if (changedAt.size > 10_000) changedAt.clear();
    for (const listener of listeners) listener(userId);
  };

  bus.subscribe(ACCOUNT_CHANGED, (message) => forget((message as { userId: string }).userId));

  return {
    async get(userId, sessionId) {
      const now = performance.now();
      const hit = cache.get(userId)?.get(sessionId);
      if (hit && hit.expiresAt > now) return hit.state;
      const state = await findAccessState(db, userId, sessionId);
      // A change announced while this read was in flight may not be in what it read: do not keep it.
      if ((changedAt.get(userId) ?? -1) < now) {
        if (entries >= MAX_ENTRIES) {
          cache.clear();
          entries = 0;
        }
        let sessions = cache.get(userId);
        if (!sessions) {
          sessions = new Map();
          cache.set(userId, sessions);
        }
        if (!sessions.has(sessionId)) entries += 1;
        sessions.set(sessionId, { state, expiresAt: now + TTL_MS });
      }
      return state;
    },
    changed(userId) {
      bus.publish(ACCOUNT_CHANGED, { userId });
    },
    observe(event) {
      const userId = userWhoseAccessChanged(event);
      if (userId) forget(userId);
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
