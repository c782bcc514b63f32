// Which cores the load generator runs on (Linux, with util-linux's `taskset`).
import { execFileSync } from 'node:child_process';

/**
 * This process (every client of a benchmark) confined to half of the cores it may use, the servers it starts
 * free to use them all, as are the database and Redis: the load generator can never take every core from the
 * system it measures. Sharing every core, one traced run of bench/dispatch.ts put 825 of its 932 slow
 * positions in a stall of the server and the clients at once; on a quiet machine, one run each way measured
 * alike (Swyft's p99 1.11× the relay's confined, 0.96× shared). The servers are not pinned to the other half:
 * on one core of two, V8's concurrent marking took the server's own core, and its full collections stalled
 * it for 20–34 ms (measured) where, free, they took 8–10 ms.
 */
export interface CpuPlacement {
  /** Cores of the servers (a `taskset` list, e.g. "0,1"). */
  servers: string;
  /** Cores of this process and so of the clients. */
  clients: string;
}

/** "0-2,5" → [0, 1, 2, 5] */
const expand = (cores: string) =>
  cores.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });

/** Pins every thread of `pid` (Node's own and its V8 and libuv helpers) to `cores`. */
function pin(pid: number, cores: string): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cores, String(pid)], { stdio: 'ignore' });
}

/** The cores `pid` may run on now (a `taskset` list). */
function coresOf(pid: number): string {
  const out = execFileSync('taskset', ['--cpu-list', '--pid', String(pid)], { encoding: 'utf8' });
  return out.slice(out.lastIndexOf(':') + 1).trim();
}

/** The placement, and how to undo it. */
export interface ConfinedClients {
  placement: CpuPlacement;
  /** Gives a process this one started (which inherited the confinement) every core back. */
  free(pid: number): void;
  /** Gives this process every core back; never throws (it runs in a `finally`, where it would hide the error). */
  release(): void;
}

/**
 * Confines this process to the second half of the cores it may use; undefined (nothing confined) with fewer
 * than two cores or without `taskset`.
 */
export function confineClients(): ConfinedClients | undefined {
  let all: string;
  try {
    all = coresOf(process.pid);
  } catch {
    return undefined; // no taskset here
  }
  const cores = expand(all);
  if (cores.length < 2) return undefined;
  const clients = cores.slice(Math.floor(cores.length / 2)).join(',');
  pin(process.pid, clients);
  return {
    placement: { servers: cores.join(','), clients },
    free: (pid) => pin(pid, all),
    release: () => {
      try {
        pin(process.pid, all);
      } catch {
        // Left confined: only the rest of this run is slower.
      }
    },
  };
}
