import type { LocationMessage, PartnerLocationMessage } from '@swyft/contract';
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.js';

/** How long positions wait to be written to Redis together (only other nodes read them there). */
const SAVE_BATCH_MS = 50;

export type PartnerLocation = Omit<PartnerLocationMessage, 'orderId'>;

/**
 * A partner's latest location as this node keeps it: one object per partner, updated in place, with its
 * time as a number. A new object and ISO string per position outlived the next scavenge, and copying such
 * objects is what makes the young-generation GC pause that delays every socket message (bench/dispatch.ts).
 */
export interface KeptLocation {
  partnerId: string;
  lat: number;
  lng: number;
  atMs: number;
  heading: number | undefined;
  speed: number | undefined;
}

export function locationOf(kept: KeptLocation): PartnerLocation {
  const location: PartnerLocation = {
    partnerId: kept.partnerId,
    lat: kept.lat,
    lng: kept.lng,
    at: new Date(kept.atMs).toISOString(),
  };
  if (kept.heading !== undefined) location.heading = kept.heading;
  if (kept.speed !== undefined) location.speed = kept.speed;
  return location;
}

/**
 * Each partner's exact latest location: in the memory of the node that received it and, with Redis, in a hash
 * shared by the nodes (written within `SAVE_BATCH_MS`). It answers a customer's or admin's first look, the
 * live estimate and the proof of delivery on any node. The dispatch index (partner-positions.ts) is a coarser
 * copy, for searching by distance.
 */
export interface KeptLocations {
  /**
   * Keeps the position as the partner's latest, at `atMs`, and answers the kept object; one taken before the
   * latest this node knows (a position replayed from the phone with its own `at`) is dropped: undefined.
   */
  keep(partnerId: string, message: LocationMessage, atMs: number): KeptLocation | undefined;
  /** The newer of this node's own and the one in Redis, whatever its age. */
  latest(partnerId: string): Promise<PartnerLocation | undefined>;
  /** Every partner's latest: from Redis (all nodes) and this node's memory, the newer of the two. */
  everyLatest(): Promise<PartnerLocation[]>;
}

export function createKeptLocations(options: { redis: Redis | undefined; prefix: string; log: Logger }): KeptLocations {
  const { redis, log } = options;
  const hashKey = `${options.prefix}:partner-location`;
  const memory = new Map<string, KeptLocation>();

  /** Positions not yet in Redis: one command per `SAVE_BATCH_MS`, not one per position. */
  let unsaved = new Map<string, KeptLocation>();
  const saveLocations = () => {
    const batch = new Map<string, string>();
    for (const [partnerId, kept] of unsaved) batch.set(partnerId, JSON.stringify(locationOf(kept)));
    unsaved = new Map();
    redis?.hset(hashKey, batch).catch((error) => {
      log.debug({ err: error }, 'keeping partner locations in Redis failed; kept in memory');
    });
  };

  /**
   * The newer of a position kept in Redis and this node's own: a position this node received waits up to
   * `SAVE_BATCH_MS` to be written there, and Redis lacks what came while it was away.
   */
  const newer = (stored: PartnerLocation | undefined, kept: KeptLocation | undefined) =>
    kept && (!stored || kept.atMs > Date.parse(stored.at)) ? locationOf(kept) : stored;

  return {
    keep(partnerId, message, atMs) {
      let kept = memory.get(partnerId);
      if (message.at !== undefined && kept && kept.atMs >= atMs) return undefined;
      if (kept) {
        kept.lat = message.lat;
        kept.lng = message.lng;
        kept.atMs = atMs;
        kept.heading = message.heading;
        kept.speed = message.speed;
      } else {
        kept = { partnerId, lat: message.lat, lng: message.lng, atMs, heading: message.heading, speed: message.speed };
        memory.set(partnerId, kept);
      }
      if (redis) {
        if (unsaved.size === 0) setTimeout(saveLocations, SAVE_BATCH_MS);
        unsaved.set(partnerId, kept); // written as it is then: the latest
      }
      return kept;
    },

    async latest(partnerId) {
      let stored: PartnerLocation | undefined;
      if (redis) {
        try {
          const found = await redis.hget(hashKey, partnerId);
          if (found) stored = JSON.parse(found) as PartnerLocation;
        } catch {
          // Redis away: this node's own memory only.
        }
      }
      return newer(stored, memory.get(partnerId));
    },

    async everyLatest() {
      const stored = new Map<string, PartnerLocation>();
      if (redis) {
        try {
          for (const found of Object.values(await redis.hgetall(hashKey))) {
            const location = JSON.parse(found) as PartnerLocation;
            stored.set(location.partnerId, location);
          }
        } catch {
          // Redis away: this node's own memory only.
        }
      }
      const partnerIds = new Set([...stored.keys(), ...memory.keys()]);
      return [...partnerIds].map((partnerId) => newer(stored.get(partnerId), memory.get(partnerId))!);
    },
  };
}
