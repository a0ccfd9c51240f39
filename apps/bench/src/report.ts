import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchOptions, PathName } from './cli-options';
import type { RunSample } from './measure';
import { machineBusyShare } from './proc-stats';

export interface TargetSummary {
  rounds: number;
  requests: number;
  reqPerSec: number;
  /** Medians over the rounds (autocannon's percentiles of each run). */
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  sampledRssMaxMb: number;
  ok: number;
  notModified: number;
  /** Every other status: errors, for this benchmark. */
  otherStatuses: Record<string, number>;
  /** The same, during the unmeasured warm-ups. */
  warmUpErrors: Record<string, number>;
  socketErrors: number;
  timeouts: number;
  callsPerRequest: number;
  doubleCallsPerRequest: number;
  wireBytesPerRequest: number;
  downstreamBytesPerRequest: number;
  /** The most that processes outside the bench used of the machine during one of the runs. */
  othersCpuShareMax: number;
}

export interface PathResult {
  path: PathName;
  title: string;
  bff: TargetSummary;
  minimal: TargetSummary;
  samples: RunSample[];
}

export function summarize(samples: RunSample[]): TargetSummary {
  const total = (pick: (s: RunSample) => number) => samples.reduce((sum, s) => sum + pick(s), 0);
  const requests = total((s) => s.requests);
  const sent = total((s) => s.sent);
  // Work is divided by the requests it was done for: wire bytes by answers, the rest by requests sent.
  const perAnswer = (pick: (s: RunSample) => number) => (requests ? total(pick) / requests : 0);
  const perSent = (pick: (s: RunSample) => number) => (sent ? total(pick) / sent : 0);
  const statuses = addUp(samples.map((s) => s.statuses));
  const ok = Object.entries(statuses)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    rounds: samples.length,
    requests,
    reqPerSec: requests / total((s) => s.durationSec),
    p50Ms: median(samples.map((s) => s.latencyMs.p50)),
    p99Ms: median(samples.map((s) => s.latencyMs.p99)),
    cpuMsPerRequest: perSent((s) => s.cpuMs),
    peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
    sampledRssMaxMb: Math.max(...samples.map((s) => s.sampledRssMb.max)),
    ok,
    notModified: statuses['304'] ?? 0,
    otherStatuses: errorsOf(statuses),
    warmUpErrors: errorsOf(addUp(samples.map((s) => s.warmUpStatuses))),
    socketErrors: total((s) => s.socketErrors),
    timeouts: total((s) => s.timeouts),
    callsPerRequest: perSent((s) => s.downstreamCalls),
    doubleCallsPerRequest: perSent((s) => s.doubleCalls),
    wireBytesPerRequest: perAnswer((s) => s.wireBytes),
    downstreamBytesPerRequest: perSent((s) => s.downstreamBytes),
    othersCpuShareMax: Math.max(...samples.map((s) => s.othersCpuShare)),
  };
}

function addUp(counts: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const byStatus of counts) {
    for (const [status, count] of Object.entries(byStatus)) {
      total[status] = (total[status] ?? 0) + count;
    }
  }
  return total;
}

/** Every status but 2xx and 304: for this benchmark, an error. */
function errorsOf(statuses: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(statuses).filter(([status]) => !status.startsWith('2') && status !== '304'),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const fixed = (digits: number) => (value: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const listed = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .map(([status, count]) => `${count}×${status}`)
    .join(' ') || '0';

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** Rows: label, how to print a summary, and whether BFF/minimal is worth a ratio. */
const ROWS: [string, (s: TargetSummary) => string, ((s: TargetSummary) => number)?][] = [
  ['requests/s', (s) => fixed(0)(s.reqPerSec), (s) => s.reqPerSec],
  ['latency p50 (ms)', (s) => fixed(1)(s.p50Ms)],
  ['latency p99 (ms)', (s) => fixed(1)(s.p99Ms), (s) => s.p99Ms],
  ['CPU per request (ms)', (s) => fixed(3)(s.cpuMsPerRequest), (s) => s.cpuMsPerRequest],
  ['peak RSS, VmHWM (MiB)', (s) => fixed(0)(s.peakRssMb)],
  ['RSS sampled max (MiB)', (s) => fixed(0)(s.sampledRssMaxMb)],
  ['answers 2xx / 304', (s) => `${s.ok} / ${s.notModified}`],
  ['errors: other status', (s) => listed(s.otherStatuses)],
  ['errors in warm-ups (unmeasured)', (s) => listed(s.warmUpErrors)],
  ['errors: socket / timeout', (s) => `${s.socketErrors} / ${s.timeouts}`],
  ['downstream calls/req (own)', (s) => fixed(2)(s.callsPerRequest)],
  ['downstream calls/req (double)', (s) => fixed(2)(s.doubleCallsPerRequest)],
  ['bytes on the wire/req', (s) => fixed(0)(s.wireBytesPerRequest)],
  ['downstream bytes read/req', (s) => fixed(0)(s.downstreamBytesPerRequest)],
  // Above a few %, something else on the machine competed with the run: trust it less.
  ['others on the machine, max', (s) => percent(s.othersCpuShareMax)],
];

export function formatPathTable(result: PathResult, options: BenchOptions): string {
  const header = `${result.path}: ${result.title}  [${options.rounds} × ${options.durationSec} s per target, ${options.connections} connections, ${options.users} users]`;
  const lines = [header, pad('', 'BFF', 'minimal', 'BFF/minimal')];
  for (const [label, show, ratioOf] of ROWS) {
    const ratio = ratioOf ? fixed(2)(ratioOf(result.bff) / ratioOf(result.minimal)) : '';
    lines.push(pad(label, show(result.bff), show(result.minimal), ratio));
  }
  return lines.join('\n');
}

function pad(label: string, bff: string, minimal: string, ratio: string): string {
  return `  ${label.padEnd(31)}${bff.padStart(14)}${minimal.padStart(14)}${ratio.padStart(13)}`;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  date: string;
  /** Busy share of all cores in the second before the bench started anything: others' work. */
  busyBefore: number;
}

export async function describeMachine(): Promise<Machine> {
  const busyBefore = await machineBusyShare();
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  return {
    cpu: model ?? cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
    busyBefore,
  };
}

export const machineLine = (m: Machine) =>
  `machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date}, ${percent(m.busyBefore)} busy before the start`;

/** Above this share of the machine busy before the start, other processes are competing. */
const BUSY_SHARE = 0.15;

export function busyMachineWarning(m: Machine): string | undefined {
  if (m.busyBefore <= BUSY_SHARE) return undefined;
  return `the machine was ${percent(m.busyBefore)} busy before the start: other processes compete with every server measured, expect noisy numbers`;
}
