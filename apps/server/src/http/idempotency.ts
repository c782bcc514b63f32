import { IDEMPOTENCY_KEY_HEADER } from '@swyft/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Set on an answer that is the stored outcome of an earlier request with the same Idempotency-Key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** The request's Idempotency-Key, already checked by the route's header schema (`idempotencyHeadersSchema`). */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  return typeof key === 'string' ? key : undefined;
}

/** Says so when a use case answered with what it stored for an earlier request (a replayed refusal: error-handler). */
export function markReplayed(reply: FastifyReply, replayed: boolean): void {
  if (replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
}
