import type { Queryable } from '../db/pool.js';
import { selectEventRange } from '../events/dispatch-queries.js';
import type { LoggedEvent } from '../events/logged-event.js';
import type { Encryption } from '../platform/encryption.js';
import type { InterServerEvents, RealtimeServer } from './socket-types.js';

const REPLAY_PAGE_SIZE = 1_000;

export interface ClusterMessages {
  /** Sends to every other node, through the Socket.IO Redis adapter; nothing on a single node. */
  toOtherNodes<K extends keyof InterServerEvents>(name: K, ...args: Parameters<InterServerEvents[K]>): void;
  /** What this node does with each message from another node. */
  receive(handlers: InterServerEvents): void;
}

export function createClusterMessages(io: RealtimeServer, clustered: boolean): ClusterMessages {
  return {
    toOtherNodes(name, ...args) {
      if (clustered) io.serverSideEmit(name, ...args);
    },
    receive(handlers) {
      io.sockets.on('swyft:events', handlers['swyft:events']);
      io.sockets.on('swyft:replay', handlers['swyft:replay']);
      io.sockets.on('swyft:presence', handlers['swyft:presence']);
      io.sockets.on('swyft:admins-watching', handlers['swyft:admins-watching']);
    },
  };
}

/**
 * An admin replay: re-sends the stamped events fromSeq..toSeq, a page at a time, to every other node and to
 * this node's connections (`deliverHere`). Returns how many were re-sent.
 */
export async function replayToEveryNode(
  deps: {
    db: Queryable;
    encryption: Encryption;
    cluster: ClusterMessages;
    deliverHere: (events: LoggedEvent[]) => void;
  },
  { fromSeq, toSeq }: { fromSeq: number; toSeq: number },
): Promise<number> {
  let replayed = 0;
  for (let from = fromSeq; from <= toSeq; ) {
    const events = await selectEventRange(deps.db, { fromSeq: from, toSeq, limit: REPLAY_PAGE_SIZE }, deps.encryption);
    if (events.length === 0) break;
    deps.cluster.toOtherNodes('swyft:replay', events);
    deps.deliverHere(events);
    replayed += events.length;
    from = events.at(-1)!.event.seq + 1;
  }
  return replayed;
}
