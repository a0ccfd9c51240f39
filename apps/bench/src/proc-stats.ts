import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (usually 100). */
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  return (cpuTicks(pid) * 1000) / CLK_TCK;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

/** Resident memory now (VmRSS) and its peak over the process's life (VmHWM), in MiB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Samples VmRSS while a run lasts: VmHWM alone cannot tell a steady heap from a brief spike. */
export function sampleRss(pid: number, intervalMs = 250): () => { max: number; mean: number } {
  const samples: number[] = [memoryMb(pid).rss];
  const timer = setInterval(() => {
    try {
      samples.push(memoryMb(pid).rss);
    } catch {
      // The process ended; the run will report that on its own.
    }
  }, intervalMs);
  return () => {
    clearInterval(timer);
    return {
      max: Math.max(...samples),
      mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    };
  };
}

const IDLE_POLL_MS = 100;
/** Below this share of one core over a poll, the process has nothing left to finish. */
const IDLE_CPU_SHARE = 0.05;
const IDLE_TIMEOUT_MS = 5_000;

/**
 * Waits until the process is idle: when a load run ends, requests still in flight go on
 * spending CPU and making downstream calls, which belong to the run that sent them.
 */
export async function waitUntilIdle(pid: number): Promise<void> {
  const deadline = Date.now() + IDLE_TIMEOUT_MS;
  let last = cpuMs(pid);
  while (Date.now() < deadline) {
    await delay(IDLE_POLL_MS);
    const now = cpuMs(pid);
    if (now - last < IDLE_POLL_MS * IDLE_CPU_SHARE) return;
    last = now;
  }
}

/** CPU ticks of the whole machine (all cores) from /proc/stat's aggregate line. */
function machineTicks(): { total: number; idle: number; processes: number; steal: number } {
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { total, idle: idle + iowait, processes: user + nice + system, steal };
}

/** The machine's busy share (all cores, 0..1) over `ms`. */
export async function machineBusyShare(ms = 1_000): Promise<number> {
  const before = machineTicks();
  await delay(ms);
  const after = machineTicks();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
}

export interface CpuSnapshot {
  machine: ReturnType<typeof machineTicks>;
  /** utime + stime ticks of the bench's own processes. */
  ours: number;
}

export function cpuSnapshot(pids: readonly number[]): CpuSnapshot {
  let ours = 0;
  for (const pid of pids) {
    try {
      ours += cpuTicks(pid);
    } catch {
      // Gone meanwhile: nothing more to count.
    }
  }
  return { machine: machineTicks(), ours };
}

/**
 * The share of the machine (0..1) used between two snapshots by processes that are not the
 * bench's, plus the time the hypervisor stole: the work that competed with the servers measured.
 */
export function othersShare(before: CpuSnapshot, after: CpuSnapshot): number {
  const total = after.machine.total - before.machine.total;
  if (total <= 0) return 0;
  const processes = after.machine.processes - before.machine.processes;
  const steal = after.machine.steal - before.machine.steal;
  return Math.max(0, processes - (after.ours - before.ours) + steal) / total;
}
