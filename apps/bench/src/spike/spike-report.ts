import { Phase } from './arrival-profile';
import { Bucket, LATE_AFTER_MS, SpikeRecorder } from './spike-recorder';

/** Measured beside the requests: what the BFF's processes and the downstream services did. */
export interface SpikeContext {
  phases: readonly Phase[];
  maxInFlight: number;
  /** CPU time used by the BFF's processes during the run. */
  bffCpuMs: number;
  bffProcesses: number;
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');
const decimal = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');

/** The value below which 99 % of them fall (nearest rank); 0 for none. */
export function p99(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.99) - 1];
}

const COLUMNS = [
  ['t (s)', 7],
  ['phase', 7],
  ['offered/s', 10],
  ['answered/s', 11],
  ['2xx', 7],
  ['429', 6],
  ['503', 6],
  ['other', 6],
  ['no answer', 10],
  ['client shed', 12],
  ['late', 6],
  ['p99 ms', 8],
  ['calls/req', 10],
] as const;

const row = (cells: readonly string[]) =>
  cells
    .map((cell, i) => (i < 2 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1])))
    .join('');

const answeredIn = (bucket: Bucket) => bucket.latenciesMs.length;
const sentIn = (bucket: Bucket) => bucket.offered - bucket.shedByClient;
const count = (statuses: Record<string, number>, status: string) => statuses[status] ?? 0;
const others = (statuses: Record<string, number>) =>
  Object.entries(statuses).filter(([status]) => !/^(2\d\d|429|503)$/.test(status));
const successes = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
const total = <T>(items: readonly T[], pick: (item: T) => number) =>
  items.reduce((sum, item) => sum + pick(item), 0);

/**
 * One row per bucket, every request counted in the bucket it was due in (so offered = answered
 * + no answer + client shed), except downstream calls, counted when they happened; then totals.
 */
export function formatSpikeReport(recorder: SpikeRecorder, context: SpikeContext): string[] {
  const { bucketSec } = recorder;
  const lines = [row(COLUMNS.map(([title]) => title))];
  for (const bucket of scheduled(recorder, context)) {
    const statuses = bucket.statuses;
    lines.push(
      row([
        `${bucket.startSec}–${bucket.startSec + bucketSec}`,
        phaseAt(context.phases, bucket.startSec + bucketSec / 2),
        number(bucket.offered / bucketSec),
        number(answeredIn(bucket) / bucketSec),
        number(successes(statuses)),
        number(count(statuses, '429')),
        number(count(statuses, '503')),
        number(others(statuses).reduce((sum, [, n]) => sum + n, 0)),
        number(bucket.failures),
        number(bucket.shedByClient),
        number(bucket.late),
        answeredIn(bucket) ? number(p99(bucket.latenciesMs)) : '–',
        decimal(bucket.downstreamCalls / sentIn(bucket)),
      ]),
    );
  }
  return [...lines, '', ...totals(recorder, context)];
}

function totals(recorder: SpikeRecorder, context: SpikeContext): string[] {
  const { buckets } = recorder;
  const offered = total(buckets, (b) => b.offered);
  const sent = total(buckets, sentIn);
  const statuses: Record<string, number> = {};
  for (const bucket of buckets) {
    for (const [status, n] of Object.entries(bucket.statuses)) {
      statuses[status] = (statuses[status] ?? 0) + n;
    }
  }
  const answered = total(buckets, answeredIn);
  const otherList = others(statuses).map(([status, n]) => `${number(n)}×${status}`);
  const worst = buckets.reduce((a, b) => (p99(b.latenciesMs) > p99(a.latenciesMs) ? b : a));
  const calls = total(buckets, (b) => b.downstreamCalls);
  const drainCalls = calls - total(scheduled(recorder, context), (b) => b.downstreamCalls);
  const seconds = total(context.phases, (phase) => phase.durationSec);
  return [
    `offered ${number(offered)} requests in ${seconds} s; answered ${number(answered)}: ` +
      `2xx ${number(successes(statuses))}` +
      `, 429 ${number(count(statuses, '429'))}, 503 ${number(count(statuses, '503'))}` +
      (otherList.length ? `, other ${otherList.join(' ')}` : ''),
    `shed load: by the BFF ${number(count(statuses, '429') + count(statuses, '503'))} (429 + 503)` +
      `, by the client ${number(total(buckets, (b) => b.shedByClient))} (due while ` +
      `${number(context.maxInFlight)} were in flight); no answer (timeout, socket error) ` +
      `${number(total(buckets, (b) => b.failures))}`,
    `p99 latency (from when each request was due): max ${number(p99(worst.latenciesMs))} ms ` +
      `(${worst.startSec}–${worst.startSec + recorder.bucketSec} s), whole run ` +
      `${number(p99(buckets.flatMap((b) => b.latenciesMs)))} ms`,
    `downstream calls per request sent: ${decimal(calls / sent)} (${number(calls)} calls, as the services counted them` +
      `, ${number(drainCalls)} after the last request was due)`,
    `BFF: ${context.bffProcesses} process(es), ${decimal(context.bffCpuMs / sent)} CPU ms per request sent`,
    `client: ${number(total(buckets, (b) => b.late))} requests sent over ${LATE_AFTER_MS} ms late` +
      `, max lag ${number(recorder.maxLagMs)} ms, at most ${number(recorder.maxInFlight)} in flight`,
  ];
}

/** The buckets requests were due in; later ones only saw the last answers and their calls. */
function scheduled(recorder: SpikeRecorder, context: SpikeContext): Bucket[] {
  const end = total(context.phases, (phase) => phase.durationSec);
  return recorder.buckets.filter((bucket) => bucket.startSec < end);
}

function phaseAt(phases: readonly Phase[], atSec: number): string {
  let end = 0;
  for (const phase of phases) {
    end += phase.durationSec;
    if (atSec < end) return phase.name;
  }
  return phases[phases.length - 1]?.name ?? '';
}
