// Nothing a benchmark starts outlives it. Whoever starts something (a server, a fleet, pgbench, a cluster
// with its nginx) registers how to stop it with `onCleanup`; the cleanups run when the run ends normally
// (each owner stops its own in `finally`), and on Ctrl+C, SIGTERM or SIGHUP. Whatever is still running
// below this process after that (found through /proc, so grandchildren too) is sent SIGTERM, then SIGKILL;
// on any exit, even an uncaught error, the survivors get SIGKILL.
import { readdirSync, readFileSync } from 'node:fs';

type Cleanup = () => Promise<void>;
const cleanups = new Set<Cleanup>();
let installed = false;
let stopping = false;

/** Registers `cleanup` to run on a signal; returns the function that unregisters it (call it once done). */
export function onCleanup(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** Runs every registered cleanup (newest first), each bounded in time, then ends every descendant left. */
export async function cleanUpEverything(timeoutMs = 20_000): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([cleanup().catch((error) => console.error(`cleanup failed: ${error}`)), timeout]);
    clearTimeout(timer);
  }
  await killDescendants();
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  name: string;
  command: string;
}

/** Every process below `root` (children, grandchildren, ...), from /proc. */
export function descendants(root: number = process.pid): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      all.push({ pid: Number(entry), ppid, name, command });
    } catch {
      // gone meanwhile
    }
  }
  const below = new Set([root]);
  const found: ProcessInfo[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const info of all) {
      if (!below.has(info.pid) && below.has(info.ppid)) {
        below.add(info.pid);
        found.push(info);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * Processes this run started that are still alive, apart from tsx's esbuild service (a helper of this very
 * process, not something the benchmark started).
 */
export function leftoverProcesses(): ProcessInfo[] {
  return descendants().filter((info) => info.name !== 'esbuild' || info.ppid !== process.pid);
}

/** SIGTERM to every descendant, SIGKILL to those still there after `graceMs`. */
export async function killDescendants(graceMs = 3_000): Promise<void> {
  const targets = leftoverProcesses();
  if (targets.length === 0) return;
  for (const { pid } of targets) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && targets.some(({ pid }) => alive(pid))) await delay(50);
  for (const { pid } of targets) if (alive(pid)) signal(pid, 'SIGKILL');
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(name, () => {
      if (stopping) {
        // A second Ctrl+C: no more waiting.
        for (const { pid } of descendants()) signal(pid, 'SIGKILL');
        process.exit(130);
      }
      stopping = true;
      console.error(`\n${name}: stopping everything this run started (Ctrl+C again to kill at once)`);
      void cleanUpEverything(10_000).finally(() => process.exit(name === 'SIGINT' ? 130 : 143));
    });
  }
  process.on('exit', () => {
    for (const { pid } of descendants()) signal(pid, 'SIGKILL');
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not yet reaped by its parent) is no longer running.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
