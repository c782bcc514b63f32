import type { EventHealth } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { selectBacklogs } from '../webhooks/webhook-queries.js';
import { selectDispatchBacklog } from './event-log-queries.js';

/** An event waiting longer than this for its seq means the dispatch is stuck (no sequencer, say). */
const DEGRADED_AFTER_SECONDS = 5;

export async function getEventHealth(ctx: AppContext): Promise<EventHealth> {
  const [backlog, hooks] = await Promise.all([selectDispatchBacklog(ctx.pool), selectBacklogs(ctx.pool)]);
  const oldest = Math.min(...hooks.map((h) => h.oldest_pending_at?.getTime() ?? Number.POSITIVE_INFINITY));
  const node = ctx.realtime.status();
  const stuck = (backlog.oldestAgeSeconds ?? 0) > DEGRADED_AFTER_SECONDS;
  return {
    status: stuck ? 'degraded' : 'ok',
    lastSeq: backlog.lastSeq,
    undelivered: backlog.undelivered,
    oldestUndeliveredAgeSeconds:
      backlog.oldestAgeSeconds === null ? null : Math.round(backlog.oldestAgeSeconds * 1000) / 1000,
    node: { isSequencer: node.isSequencer, lastDeliveredSeq: node.lastDeliveredSeq, openSockets: node.openSockets },
    webhooks: {
      enabledEndpoints: hooks.length,
      backlog: hooks.reduce((sum, h) => sum + h.backlog, 0),
      oldestPendingAgeSeconds: Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : null,
    },
  };
}
