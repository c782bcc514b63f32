import { readFileSync } from 'node:fs';
import type { Queryable } from '../db/pool.js';
import { appendEvent } from '../events/append-event.js';

/** The server's version, as its package.json gives it (read once). */
export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * `system.started` / `system.stopping` (admins only, for audit): which node, running which version. Appended
 * by the node itself, so there is no actor and no change of state beside it.
 */
export async function recordNodeLifecycle(
  deps: { pool: Queryable },
  input: { type: 'system.started' | 'system.stopping'; nodeId: string },
): Promise<void> {
  await appendEvent(deps.pool, {
    type: input.type,
    actor: null,
    data: { nodeId: input.nodeId, version: SERVER_VERSION },
    correlationId: `node:${input.nodeId}`,
  });
}
