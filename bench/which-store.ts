// Which store serves a point, with many stores: lookups per second and latency of `findServingStores`
// (the bounding-box prefilter in SQL, then point-in-area and distance with Turf) against a fresh migrated
// database on the system PostgreSQL holding N stores whose areas overlap their neighbours'.
//   npm run bench:which-store [-- --stores 1000 --points 64 --lookups 20000 --concurrency 1,8]
// Target (issue 11): p99 under 2 ms with 1,000 stores. Beside each run, its ceiling in the same run: a bare
// `SELECT 1` round trip on the same pool at the same concurrency.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeliveryArea, Location } from '@swyft/contract';
import { migrate } from '../apps/server/src/db/migrate.js';
import { createPool } from '../apps/server/src/db/pool.js';
import { boundingBoxOf } from '../apps/server/src/stores/geometry.js';
import { findServingStores } from '../apps/server/src/stores/serving-store.js';
import { benchArgs } from './support/args.js';
import { createBenchDatabase, percentile } from './support/bench-server.js';
import { loadAverage, round } from './support/proc-stats.js';
import { writeResults } from './support/results.js';

/** The region the stores cover: about Germany. */
const REGION = { minLat: 47.5, maxLat: 54.5, minLng: 6.0, maxLng: 15.0 };

export interface WhichStoreRun {
  stores: number;
  pointsPerArea: number;
  concurrency: number;
  lookups: number;
  lookupsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Share of lookups that found a store, and the mean number of stores serving a served point. */
  served: number;
  meanCandidates: number;
  /** CPU time of this process (driver, JSON, Turf) per lookup: what the lookup costs a node, load or not. */
  nodeCpuMsPerLookup: number;
  /**
   * The ceiling, measured right after on the same pool at the same concurrency: a bare `SELECT 1` round trip,
   * the fastest any lookup that asks PostgreSQL can be on this machine at this moment.
   */
  ceiling: { queriesPerSecond: number; latencyMs: { p50: number; p99: number } };
  /** The machine's load average when the run ended: on a busy machine the latencies include waiting for a core. */
  loadAverage: number;
}

/** A roughly circular area of `points` positions (the last closes it), `radiusKm` around the centre. */
function circleArea(center: Location, radiusKm: number, points: number): DeliveryArea {
  const ring: [number, number][] = [];
  for (let i = 0; i < points - 1; i++) {
    const angle = (2 * Math.PI * i) / (points - 1);
    const wobble = 1 + 0.15 * Math.sin(angle * 5); // not a perfect circle
    ring.push([
      center.lng + ((radiusKm * wobble) / (111.32 * Math.cos((center.lat * Math.PI) / 180))) * Math.cos(angle),
      center.lat + ((radiusKm * wobble) / 110.57) * Math.sin(angle),
    ]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

const randomPoint = (): Location => ({
  lat: REGION.minLat + Math.random() * (REGION.maxLat - REGION.minLat),
  lng: REGION.minLng + Math.random() * (REGION.maxLng - REGION.minLng),
});

export async function runWhichStore(options: {
  stores: number;
  pointsPerArea: number;
  lookups: number;
  concurrencies: number[];
}): Promise<WhichStoreRun[]> {
  const database = await createBenchDatabase('swyft_which_store');
  const pool = createPool(database.url, Math.max(...options.concurrencies, 2), () => {});
  try {
    await migrate(pool);
    // Stores in clusters (cities) so that areas overlap as they do in a real network; the migration's
    // default store is closed, so that no store delivers everywhere.
    await pool.query('UPDATE stores SET active = false');
    const cities = Array.from({ length: Math.ceil(options.stores / 25) }, randomPoint);
    for (let i = 0; i < options.stores; i++) {
      const city = cities[i % cities.length]!;
      const location = { lat: city.lat + (Math.random() - 0.5) * 0.15, lng: city.lng + (Math.random() - 0.5) * 0.25 };
      const area = circleArea(location, 2 + Math.random() * 3, options.pointsPerArea);
      const box = boundingBoxOf(area);
      await pool.query(
        `INSERT INTO stores (name, address, lat, lng, delivery_area, min_lat, max_lat, min_lng, max_lng)
         VALUES ($1, 'Bench', $2, $3, $4, $5, $6, $7, $8)`,
        [
          `Bench ${i}`,
          location.lat,
          location.lng,
          JSON.stringify(area),
          box.minLat,
          box.maxLat,
          box.minLng,
          box.maxLng,
        ],
      );
    }
    await pool.query('ANALYZE stores');
    // Half of the points in a city (where customers are), half anywhere in the region (mostly outside).
    const point = (): Location => {
      if (Math.random() < 0.5) return randomPoint();
      const city = cities[Math.floor(Math.random() * cities.length)]!;
      return { lat: city.lat + (Math.random() - 0.5) * 0.2, lng: city.lng + (Math.random() - 0.5) * 0.3 };
    };
    for (let i = 0; i < 500; i++) await findServingStores(pool, point()); // warm up: plans, JIT

    const runs: WhichStoreRun[] = [];
    for (const concurrency of options.concurrencies) {
      const latencies: number[] = [];
      let served = 0;
      let candidates = 0;
      let next = 0;
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < options.lookups) {
            next++;
            const t0 = performance.now();
            const found = await findServingStores(pool, point());
            latencies.push(performance.now() - t0);
            if (found.length > 0) {
              served++;
              candidates += found.length;
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      latencies.sort((a, b) => a - b);
      runs.push({
        stores: options.stores,
        pointsPerArea: options.pointsPerArea,
        concurrency,
        lookups: latencies.length,
        lookupsPerSecond: Math.round(latencies.length / seconds),
        latencyMs: {
          p50: round(percentile(latencies, 50), 3),
          p99: round(percentile(latencies, 99), 3),
          max: round(latencies.at(-1)!, 3),
        },
        served: round(served / latencies.length, 3),
        meanCandidates: round(candidates / Math.max(served, 1), 2),
        nodeCpuMsPerLookup: round((cpu.user + cpu.system) / 1000 / latencies.length, 3),
        ceiling: await selectOneCeiling(pool, concurrency, options.lookups),
        loadAverage: loadAverage(),
      });
    }
    return runs;
  } finally {
    await pool.end();
    await database.drop();
  }
}

/** `count` bare `SELECT 1` round trips, `concurrency` at a time: queries per second and latency. */
async function selectOneCeiling(pool: ReturnType<typeof createPool>, concurrency: number, count: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const t0 = performance.now();
        await pool.query({ name: 'bench.select-one', text: 'SELECT 1' });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    queriesPerSecond: Math.round(latencies.length / seconds),
    latencyMs: { p50: round(percentile(latencies, 50), 3), p99: round(percentile(latencies, 99), 3) },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = benchArgs(
    'Which store serves a point, with many stores: lookups/s and latency (npm run bench:which-store).',
    {
      options: {
        stores: { type: 'string', default: '1000' },
        points: { type: 'string', default: '64' },
        lookups: { type: 'string', default: '20000' },
        concurrency: { type: 'string', default: '1,8' },
      },
    },
  );
  const runs = await runWhichStore({
    stores: Number(values.stores),
    pointsPerArea: Number(values.points),
    lookups: Number(values.lookups),
    concurrencies: values.concurrency.split(',').map(Number),
  });
  for (const run of runs) {
    console.log(
      `which store: ${run.stores} stores (${run.pointsPerArea}-point areas), ${run.concurrency} at a time: ` +
        `${run.lookupsPerSecond} lookups/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms ` +
        `(target < 2 ms), max ${run.latencyMs.max} ms; ${Math.round(run.served * 100)} % of points served, ` +
        `${run.meanCandidates} stores each; node CPU ${run.nodeCpuMsPerLookup} ms/lookup; load average ${run.loadAverage}\n` +
        `  ceiling, SELECT 1 on the same pool: ${run.ceiling.queriesPerSecond}/s, p50 ${run.ceiling.latencyMs.p50} ms, ` +
        `p99 ${run.ceiling.latencyMs.p99} ms: the lookup runs at ${Math.round((run.lookupsPerSecond / run.ceiling.queriesPerSecond) * 100)} % of it`,
    );
  }
  console.log(`written to ${writeResults('which-store', runs)}`);
  process.exit(0);
}
