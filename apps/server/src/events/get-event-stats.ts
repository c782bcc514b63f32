import { type EventStats, type EventType, eventTypes } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { countEventsByType, countEventsPerMinute, measureDispatchLag } from './event-log-queries.js';

const LAG_WINDOW_MINUTES = 15;

export async function getEventStats(ctx: AppContext): Promise<EventStats> {
  const [byType, perMinute, lag] = await Promise.all([
    countEventsByType(ctx.pool),
    countEventsPerMinute(ctx.pool),
    measureDispatchLag(ctx.pool, LAG_WINDOW_MINUTES),
  ]);
  const countsByType = Object.fromEntries(eventTypes.map((type) => [type, 0])) as Record<EventType, number>;
  for (const { type, count } of byType) if (type in countsByType) countsByType[type] = count;
  const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);
  return {
    generatedAt: new Date().toISOString(),
    countsByType,
    eventsPerMinute: perMinute.map(({ minute, count }) => ({ minute: minute.toISOString(), count })),
    deliveryLag: {
      windowMinutes: LAG_WINDOW_MINUTES,
      events: lag.events,
      p50Ms: round(lag.p50),
      p99Ms: round(lag.p99),
      maxMs: round(lag.max),
    },
  };
}
