import type { EventActor } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { appendEvent } from '../events/append-event.js';
import { revokeSession as revokeSessionRow, revokeUserSessions, type SessionEndReason } from './session-queries.js';

export interface SessionEnding {
  reason: SessionEndReason;
  actor: EventActor | null;
  correlationId: string;
}

/**
 * Ends one session inside the caller's transaction, with its `session.revoked` event (admins only; it names
 * sessions, never a token). The event is also how other nodes hear of it while Redis is down. Returns the
 * session's user, or undefined when it had already ended. After commit, call `accountStates.locked`.
 */
export async function revokeSession(
  tx: Queryable,
  sessionId: string,
  ending: SessionEnding,
): Promise<{ userId: string } | undefined> {
  const revoked = await revokeSessionRow(tx, sessionId, ending.reason);
  if (revoked) await appendRevoked(tx, revoked.userId, [sessionId], ending);
  return revoked;
}

/**
 * Ends every live session of a user but `exceptSessionId`, likewise; returns the ids it ended. With
 * `logged: false` no `session.revoked` is appended: the caller's own event says it (`user.disabled`).
 */
export async function revokeSessions(
  tx: Queryable,
  userId: string,
  ending: SessionEnding & { exceptSessionId?: string; logged?: boolean },
): Promise<string[]> {
  const sessionIds = await revokeUserSessions(tx, userId, ending.reason, ending.exceptSessionId);
  if (sessionIds.length > 0 && ending.logged !== false) await appendRevoked(tx, userId, sessionIds, ending);
  return sessionIds;
}

function appendRevoked(tx: Queryable, userId: string, sessionIds: string[], ending: SessionEnding) {
  return appendEvent(tx, {
    type: 'session.revoked',
    actor: ending.actor,
    data: { userId, sessionIds, reason: ending.reason },
    correlationId: ending.correlationId,
  });
}
