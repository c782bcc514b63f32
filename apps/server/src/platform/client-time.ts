import { MAX_ACTED_AT_AGE_MS, MAX_ACTED_AT_AHEAD_MS } from '@swyft/contract';

/**
 * What is wrong with a time a phone gives for something it did offline (a step's `actedAt`, a kept
 * position's `at`), against the server's clock: undefined when it is at most 24 h ago and at most 2 min ahead.
 */
export function clientTimeProblem(at: Date, now: Date): string | undefined {
  if (at.getTime() < now.getTime() - MAX_ACTED_AT_AGE_MS) return 'must be at most 24 hours ago';
  if (at.getTime() > now.getTime() + MAX_ACTED_AT_AHEAD_MS) {
    return "must not be more than 2 minutes ahead of the server's clock";
  }
  return undefined;
}
