import { IDEMPOTENCY_KEY_HEADER } from '@swyft/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Idempotent } from '../idempotency/run-idempotently.js';

/** Set on an answer that is the stored outcome of an earlier request with the same Idempotency-Key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** The request's Idempotency-Key, already checked by the route's header schema (`idempotencyHeadersSchema`). */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  return typeof key === 'string' ? key : undefined;
}

/**
 * The value a use case answered with, saying so on the reply when it is the one stored for an earlier request
 * with the same key (a replayed refusal is marked by the error handler).
 */
export function replayable<T>(reply: FastifyReply, outcome: Idempotent<T>): T {
  if (outcome.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return outcome.value;
}
