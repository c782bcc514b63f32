import type { Location } from '@swyft/contract';
import { around, distance } from 'geokdbush';
import type { Redis } from 'ioredis';
import KDBush from 'kdbush';
import type { Logger } from '../platform/logger.js';
import type { KeptLocations } from './kept-locations.js';

/** A position older than this does not count: not for dispatch, not for a live estimate (API.md). */
export const POSITION_MAX_AGE_SECONDS = 60;

export interface PositionFix {
  partnerId: string;
  location: Location;
  at: Date;
}

export interface NearbyPartner {
  partnerId: string;
  distanceMeters: number;
  at: Date;
}

/**
 * The latest position of each partner, queryable by distance (the live index of dispatch): Redis
 * GEOADD/GEOSEARCH shared by every node when Redis is configured, else (and while Redis is away) a kd-tree in
 * this node's memory. Positions older than `POSITION_MAX_AGE_SECONDS` are never answered.
 */
export interface PartnerPositions {
  record(fix: PositionFix): Promise<void>;
  /** The partner's latest position if it was taken within 60 s of `now` (a step's time, for a proof). */
  latest(partnerId: string, now: Date): Promise<PositionFix | undefined>;
  /** Fresh positions nearest to `from` first, at most `limit`. */
  nearest(from: Location, options: { limit: number; now: Date }): Promise<NearbyPartner[]>;
}

/** Taken within 60 s of `now`, before or after it (`now` is a step's time when a proof asks for it). */
export const isFresh = (atMs: number, now: Date) => Math.abs(now.getTime() - atMs) <= POSITION_MAX_AGE_SECONDS * 1000;

/**
 * A partner's latest position in memory: one object per partner, updated in place. A new object per
 * position (and a Date and a location with it) lived long enough to be copied by the next scavenge, and such
 * copies make the young-generation GC pause that delays every socket message (bench/dispatch.ts).
 */
interface KeptFix {
  partnerId: string;
  lng: number;
  lat: number;
  atMs: number;
}

const fixOf = ({ partnerId, lat, lng, atMs }: KeptFix): PositionFix => ({
  partnerId,
  location: { lat, lng },
  at: new Date(atMs),
});

/**
 * One node's index: a static kd-tree (kdbush) over the fresh positions, rebuilt on the first query after a
 * change. Rebuilding 2,000 points takes well under a millisecond, far less than a query per position would.
 */
export function createMemoryPositions(): PartnerPositions {
  const fixes = new Map<string, KeptFix>();
  // Over the kept objects as they were when built: a `record` (which may change them) drops it.
  let built: { index: KDBush; entries: KeptFix[] } | undefined;

  const rebuild = (now: Date) => {
    const entries = [...fixes.values()].filter((fix) => isFresh(fix.atMs, now));
    for (const [partnerId, fix] of fixes) if (!isFresh(fix.atMs, now)) fixes.delete(partnerId);
    const index = new KDBush(Math.max(entries.length, 1));
    for (const { lng, lat } of entries) index.add(lng, lat);
    // kdbush wants exactly as many points as it was sized for; with none fresh a placeholder (never queried:
    // `nearest` answers [] for no entries) keeps finish() from throwing "Added 0 items when expected 1".
    if (entries.length === 0) index.add(0, 0);
    index.finish();
    built = { index, entries };
    return built;
  };

  return {
    async record({ partnerId, location, at }) {
      const kept = fixes.get(partnerId);
      if (kept) {
        kept.lng = location.lng;
        kept.lat = location.lat;
        kept.atMs = at.getTime();
      } else {
        fixes.set(partnerId, { partnerId, lng: location.lng, lat: location.lat, atMs: at.getTime() });
      }
      built = undefined;
    },
    async latest(partnerId, now) {
      const kept = fixes.get(partnerId);
      return kept && isFresh(kept.atMs, now) ? fixOf(kept) : undefined;
    },
    async nearest(from, { limit, now }) {
      const { index, entries } = built ?? rebuild(now);
      if (entries.length === 0) return [];
      const ids = around(index, from.lng, from.lat, limit, undefined, (id) => isFresh(entries[id]!.atMs, now));
      return ids.map((id) => {
        const { partnerId, lng, lat, atMs } = entries[id]!;
        const km = distance(from.lng, from.lat, lng, lat);
        return { partnerId, distanceMeters: Math.round(km * 1000), at: new Date(atMs) };
      });
    },
  };
}

/**
 * How long positions wait for each other before they go to the shared index together. One write per
 * event-loop turn was one Redis transaction per position at 1,000 positions/s (positions arrive one per
 * turn); a partner's acknowledgement waits this much longer, a dispatch reads the index no later.
 */
const INDEX_BATCH_MS = 20;
/**
 * A partner's place in the shared index is written again only once they have moved this far from it, or once
 * it is `INDEX_REFRESH_MS` old. Nearest-first between partners a street apart does not need each 2 s fix, and
 * writing each one cost the customers' messages on two nodes: with every fix indexed, position → customer p99
 * was 2.2–2.7× the bare relay's in bench:dispatch; with this, as low as with no index at all (README).
 */
const INDEX_MOVE_METERS = 50;
/**
 * A partner who stands still is written again this often, so that the index's time stays within this much of
 * their latest: they leave the index 50 to 60 s after their last position (`POSITION_MAX_AGE_SECONDS`).
 */
const INDEX_REFRESH_MS = 10_000;
/** Bounds what a node remembers of its writes to the index (forgetting only costs a write each). */
const MAX_INDEXED_PARTNERS = 50_000;

/**
 * The shared index: a Redis GEO set (the position) and a hash (when it was taken), each partner written when
 * first seen and then within `INDEX_MOVE_METERS` and `INDEX_REFRESH_MS` of their latest. A stale member met by
 * a search is removed. Every position is also kept in this node's memory, which answers while Redis is away.
 * `latest` is exact: it reads the partners' kept locations (kept-locations.ts), not the index.
 */
export function createRedisPositions(options: {
  redis: Redis;
  prefix: string;
  log: Logger;
  kept: Pick<KeptLocations, 'latest'>;
}): PartnerPositions {
  const { redis, log, kept } = options;
  const geoKey = `${options.prefix}:partner-geo`;
  const atKey = `${options.prefix}:partner-geo-at`;
  const memory = createMemoryPositions();
  /** What this node last wrote to the index for each partner it received positions of. */
  const indexed = new Map<string, { lng: number; lat: number; atMs: number }>();
  const stillIndexed = ({ partnerId, location, at }: PositionFix) => {
    const last = indexed.get(partnerId);
    return (
      last !== undefined &&
      at.getTime() - last.atMs < INDEX_REFRESH_MS &&
      at.getTime() >= last.atMs &&
      distance(last.lng, last.lat, location.lng, location.lat) * 1000 < INDEX_MOVE_METERS
    );
  };

  const fallback = (error: unknown) => log.debug({ err: error }, 'partner positions: Redis away, using memory');

  // The positions of `INDEX_BATCH_MS` go to Redis in one transaction (a GEOADD and an HSET of them all).
  // Each record resolves once its batch is written, so the index holds the partner within 50 m and 10 s of
  // the position when the partner is told it was taken; the customer's `partner.location` does not wait for it.
  let pending: PositionFix[] = [];
  let written: Promise<void> | undefined;
  const writeBatch = async (batch: PositionFix[]) => {
    const latest = new Map(batch.map((fix) => [fix.partnerId, fix]));
    const geo: (string | number)[] = [];
    const stamps: string[] = [];
    for (const fix of latest.values()) {
      geo.push(fix.location.lng, fix.location.lat, fix.partnerId);
      stamps.push(fix.partnerId, String(fix.at.getTime()));
    }
    try {
      await redis
        .multi()
        .geoadd(geoKey, ...geo)
        .hset(atKey, ...stamps)
        .exec();
    } catch (error) {
      // Written again with the partner's next position, not after `INDEX_REFRESH_MS`.
      for (const partnerId of latest.keys()) indexed.delete(partnerId);
      fallback(error);
    }
  };

  return {
    async record(fix) {
      await memory.record(fix);
      if (stillIndexed(fix)) return;
      if (indexed.size > MAX_INDEXED_PARTNERS) indexed.clear();
      indexed.set(fix.partnerId, { lng: fix.location.lng, lat: fix.location.lat, atMs: fix.at.getTime() });
      pending.push(fix);
      written ??= new Promise<void>((resolve) =>
        setTimeout(() => {
          const batch = pending;
          pending = [];
          written = undefined;
          void writeBatch(batch).then(resolve);
        }, INDEX_BATCH_MS),
      );
      await written;
    },

    async latest(partnerId, now) {
      const location = await kept.latest(partnerId);
      if (!location) return undefined;
      const at = new Date(location.at);
      if (!isFresh(at.getTime(), now)) return undefined;
      return { partnerId, location: { lat: location.lat, lng: location.lng }, at };
    },

    async nearest(from, { limit, now }) {
      try {
        // Stale members take places in the answer: ask for more, and drop them from the set as they turn up.
        for (let count = limit * 2 + 20; ; count *= 4) {
          const found = (await redis.geosearch(
            geoKey,
            'FROMLONLAT',
            from.lng,
            from.lat,
            'BYRADIUS',
            20_037,
            'km',
            'ASC',
            'COUNT',
            count,
            'WITHDIST',
          )) as [string, string][];
          if (found.length === 0) return [];
          const stamps = await redis.hmget(atKey, ...found.map(([partnerId]) => partnerId));
          const fresh: NearbyPartner[] = [];
          const stale: string[] = [];
          found.forEach(([partnerId, km], i) => {
            const at = new Date(Number(stamps[i] ?? 0));
            if (isFresh(at.getTime(), now))
              fresh.push({ partnerId, distanceMeters: Math.round(Number(km) * 1000), at });
            else stale.push(partnerId);
          });
          if (stale.length > 0) void redis.zrem(geoKey, ...stale).catch(() => {});
          if (fresh.length >= limit || found.length < count) return fresh.slice(0, limit);
        }
      } catch (error) {
        fallback(error);
        return memory.nearest(from, { limit, now });
      }
    },
  };
}
