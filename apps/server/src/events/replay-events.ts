import type { ReplayEventsBody } from '@swyft/contract';
import type { AppContext } from '../context.js';

/**
 * An admin re-sends a range of the log to live connections (a client that lost state, a support case).
 * Each event goes again to the rooms that may see it, marked `replayed: true`.
 */
export async function replayEvents(ctx: AppContext, range: ReplayEventsBody): Promise<{ replayed: number }> {
  return { replayed: await ctx.realtime.replay(range) };
}
