import type { SwyftEvent } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Bus } from '../platform/bus.js';
import { type AccessState, findAccessState } from './session-queries.js';

/** Bus channel: an account's state changed in a way that does not lock anyone out (enabled again). */
export const ACCOUNT_CHANGED = 'account.changed';
/** Bus channel: an account was locked out (disabled, closed) or some of its sessions ended. */
export const ACCOUNT_LOCKED = 'account.locked';

/**
 * Who is locked out: every session of the user when `sessionIds` is absent (the account was disabled or
 * closed), else those sessions only (a logout, a password change, a stolen refresh token).
 */
export interface AccountLock {
  userId: string;
  sessionIds?: string[];
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

export interface AccountStates {
  /** The account's role and state and whether this session is live; undefined when the account does not exist. */
  get(userId: string, sessionId: string): Promise<AccessState | undefined>;
  /** Call after committing a change of the account that locks no one out: every node drops its copies at once. */
  changed(userId: string): void;
  /** Call after committing a lockout: every node drops its copies, then tells its `onLocked` listeners. */
  locked(lock: AccountLock): void;
  /**
   * Every event this node delivers from the log: one that changes who may act drops this node's copies,
   * so a lost bus message (Redis down) delays a lockout by the log's delivery, not by the cache's TTL.
   */
  observe(event: SwyftEvent): void;
  /**
   * Called on this node after a lockout, once the user's copies are dropped: by the bus at once, and by the
   * log's `user.disabled` / `session.revoked` when a bus message was lost. The real-time gateway closes the
   * connections it names.
   */
  onLocked(listener: (lock: AccountLock) => void): void;
}

/** The lockout or change an event of the log records, if any. */
function accessChangeOf(event: SwyftEvent): { lock: AccountLock } | { userId: string } | undefined {
  switch (event.type) {
    case 'user.disabled':
      return { lock: { userId: event.data.user.id } };
    case 'session.revoked':
      return { lock: { userId: event.data.userId, sessionIds: event.data.sessionIds } };
    case 'user.enabled':
      return { userId: event.data.user.id };
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
  const lockListeners: ((lock: AccountLock) => void)[] = [];

  const forget = (userId: string) => {
    entries -= cache.get(userId)?.size ?? 0;
    cache.delete(userId);
    changedAt.set(userId, performance.now());
    if (changedAt.size > 10_000) changedAt.clear();
  };
  const lockOut = (lock: AccountLock) => {
    forget(lock.userId);
    for (const listener of lockListeners) listener(lock);
  };

  bus.subscribe(ACCOUNT_CHANGED, ({ userId }) => forget(userId));
  bus.subscribe(ACCOUNT_LOCKED, lockOut);

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
    locked(lock) {
      bus.publish(ACCOUNT_LOCKED, lock);
    },
    observe(event) {
      const change = accessChangeOf(event);
      if (!change) return;
      if ('lock' in change) lockOut(change.lock);
      else forget(change.userId);
    },
    onLocked(listener) {
      lockListeners.push(listener);
    },
  };
}
