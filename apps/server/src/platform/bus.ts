import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/** Every message on the bus, by channel. */
export interface BusMessages {
  /** A user's account or sessions changed: every node drops its cached copies of their access. */
  'account.changed': { userId: string };
  /**
   * After commit: these sessions of the user ended (none named: every session the user had, as when an
   * account is disabled). Every node closes their connections (realtime/account-lockout.ts).
   */
  'account.locked': { userId: string; sessionIds?: string[] };
  /** After commit: the API key with this prefix was revoked; every node drops its cached copy. */
  'api_key.revoked': { prefix: string };
}
export type BusChannel = keyof BusMessages;

type Handler = (message: unknown) => void;

/**
 * Small messages between the nodes of a cluster ("user 42 was disabled"). Delivered to this node's own
 * handlers at once, and to the other nodes through Redis pub/sub when Redis is configured. Best effort
 * across nodes: whatever relies on it also has a bound (a cache TTL, a resume from the log).
 */
export interface Bus {
  publish<C extends BusChannel>(channel: C, message: BusMessages[C]): void;
  subscribe<C extends BusChannel>(channel: C, handler: (message: BusMessages[C]) => void): void;
  close(): Promise<void>;
}

export function createBus(options: { publisher?: Redis; subscriber?: Redis; prefix: string; log: Logger }): Bus {
  const nodeId = randomUUID();
  const handlers = new Map<string, Set<Handler>>();
  const { publisher, subscriber, log } = options;
  const channelPrefix = `${options.prefix}:bus:`;

  const deliverLocally = (channel: string, message: unknown) => {
    for (const handler of handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch (error) {
        log.error({ err: error, channel }, 'bus handler failed');
      }
    }
  };

  subscriber?.on('message', (redisChannel: string, raw: string) => {
    if (!redisChannel.startsWith(channelPrefix)) return;
    const channel = redisChannel.slice(channelPrefix.length);
    try {
      const envelope = JSON.parse(raw) as { from: string; message: unknown };
      if (envelope.from !== nodeId) deliverLocally(channel, envelope.message);
    } catch (error) {
      log.warn({ err: error, channel }, 'bad bus message');
    }
  });

  return {
    publish(channel, message) {
      deliverLocally(channel, message);
      publisher?.publish(`${channelPrefix}${channel}`, JSON.stringify({ from: nodeId, message })).catch((error) => {
        log.warn({ err: error, channel }, 'bus publish failed; other nodes rely on their fallback');
      });
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        // ioredis re-subscribes by itself after a reconnect.
        subscriber?.subscribe(`${channelPrefix}${channel}`).catch((error) => {
          log.warn({ err: error, channel }, 'bus subscribe failed; retried on reconnect');
        });
      }
      // Only this channel's messages reach it: publish is typed by the same map, on every node.
      set.add(handler as Handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
