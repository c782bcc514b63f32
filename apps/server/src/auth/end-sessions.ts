import type { EventActor } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { appendEvent } from '../events/append-event.js';
import { revokeSession, revokeUserSessions, type SessionEndReason } from './session-queries.js';

export interface SessionEnding {
  reason: SessionEndReason;
  actor: EventActor | null;
  correlationId: string;
}

/**
 * Ends one session inside the caller's transaction, with its `session.revoked` event (admins only; it names
 * sessions, never a token). The event is also how other nodes hear of it while Redis is down. Returns the
 * session's user, or undefined when it had already ended. After commit, call `accountStates.changed`.
 */
export async function endSession(
  tx: Queryable,
  sessionId: string,
  ending: SessionEnding,
): Promise<{ userId: string } | undefined> {
  const revoked = await revokeSession(tx, sessionId, ending.reason);
  if (revoked) await appendRevoked(tx, revoked.userId, [sessionId], ending);
  return revoked;
}

/** Ends every live session of a user but `exceptSessionId`, likewise; returns the ids it ended. */
export async function endUserSessions(
  tx: Queryable,
  userId: string,
  ending: SessionEnding & { exceptSessionId?: string },
): Promise<string[]> {
  const sessionIds = await revokeUserSessions(tx, userId, ending.reason, ending.exceptSessionId);
  if (sessionIds.length > 0) await appendRevoked(tx, userId, sessionIds, ending);
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
