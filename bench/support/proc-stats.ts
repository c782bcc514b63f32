// What a process costs, read from /proc (Linux only): CPU time, resident memory, file descriptors.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** CPU seconds used so far by a process (user + system); 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/**
 * How long a process's main thread (the one that runs its JavaScript) has so far been ready to run but waiting
 * for a core, in seconds, and how often the kernel took a core from it (a preemption, not a wait it asked for):
 * /proc/<pid>/schedstat and /proc/<pid>/status of the thread group's leader. Zeros when it is gone.
 */
export function mainThreadWaits(pid: number): { runQueueS: number; preemptions: number } {
  try {
    const waitNs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/)[1]);
    const preempted = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { runQueueS: waitNs / 1e9, preemptions: Number(preempted?.[1] ?? 0) };
  } catch {
    return { runQueueS: 0, preemptions: 0 };
  }
}

/**
 * Busy and total CPU time of the whole machine so far (everyone's processes), in clock ticks, and of it the
 * time a virtual machine's cores were ready to run but held by the host (steal).
 */
export function machineTicks(): { busy: number; total: number; steal: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  return { busy: total - fields[3]! - fields[4]!, total, steal: fields[7] ?? 0 };
}

/** Percent of the machine's CPU time stolen by the host between two `machineTicks()` readings. */
export function stealPercent(before: { steal: number; total: number }, after = machineTicks()): number {
  return Math.round((1000 * (after.steal - before.steal)) / Math.max(1, after.total - before.total)) / 10;
}

/** Percent of the whole machine's CPU that was busy between two `machineTicks()` readings. */
export function busyPercent(before: { busy: number; total: number }, after = machineTicks()): number {
  return Math.round((100 * (after.busy - before.busy)) / Math.max(1, after.total - before.total));
}

/** Resident set size of a process, in bytes. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

/** File descriptors a process holds open right now. */
export function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

/** A process's open-file limit (soft, hard), as the kernel enforces it for that process. */
export function fdLimit(pid: number): { soft: number; hard: number } {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  const value = (text: string | undefined) => (text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text));
  return { soft: value(match?.[1]), hard: value(match?.[2]) };
}

/** The 1-minute load average (how busy the machine was before a measurement). */
export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
