import type { EventHealth } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { selectDispatchBacklog } from './event-log-queries.js';

/** An event waiting longer than this for its seq means the dispatch is stuck (no sequencer, say). */
const DEGRADED_AFTER_SECONDS = 5;

export async function getEventHealth(ctx: AppContext): Promise<EventHealth> {
  const backlog = await selectDispatchBacklog(ctx.pool);
  const node = ctx.realtime.status();
  const stuck = (backlog.oldestAgeSeconds ?? 0) > DEGRADED_AFTER_SECONDS;
  return {
    status: stuck ? 'degraded' : 'ok',
    lastSeq: backlog.lastSeq,
    undelivered: backlog.undelivered,
    oldestUndeliveredAgeSeconds:
      backlog.oldestAgeSeconds === null ? null : Math.round(backlog.oldestAgeSeconds * 1000) / 1000,
    node: { isSequencer: node.isSequencer, lastDeliveredSeq: node.lastDeliveredSeq, openSockets: node.openSockets },
  };
}
