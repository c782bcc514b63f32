import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));

/** Writes bench/results/<name>-<date>.json and returns its path. */
export function writeResults(name: string, results: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = path.join(RESULTS_DIR, `${name}-${stamp}.json`);
  const written = { name, at: new Date().toISOString(), machine: machine(), settings: settings(), results };
  writeFileSync(file, `${JSON.stringify(written, null, 2)}\n`);
  return file;
}

export function machine() {
  return {
    node: process.version,
    platform: process.platform,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
  };
}

/**
 * The servers' extra Node flags of this run (BENCH_NODE_FLAGS, BENCH_SERVER_NODE_FLAGS), so that its figures say
 * what ran. Only `_FLAGS`: BENCH_DATABASE_URL may hold a password.
 */
function settings(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => /^BENCH_\w*_FLAGS$/.test(entry[0]) && !!entry[1],
    ),
  );
}
