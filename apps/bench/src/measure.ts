import type { DoubleProcess } from './downstream-double-process';
import type autocannon from 'autocannon';
import { LoadSpec, runLoad } from './load';
import { runningPids } from './child-processes';
import { cpuMs, cpuSnapshot, memoryMb, othersShare, sampleRss, waitUntilIdle } from './proc-stats';
import type { Target } from './target';

/** One measured run of one target. Counts are totals over the run; the report divides. */
export interface RunSample {
  target: Target['name'];
  round: number;
  durationSec: number;
  /** Answered within the run. */
  requests: number;
  /** Sent within the run, answered or not: what the CPU, calls and downstream bytes were for. */
  sent: number;
  latencyMs: { p50: number; p99: number };
  statuses: Record<string, number>;
  /** Of the unmeasured warm-up before the run: errors there are still the target's errors. */
  warmUpStatuses: Record<string, number>;
  socketErrors: number;
  timeouts: number;
  cpuMs: number;
  peakRssMb: number;
  sampledRssMb: { max: number; mean: number };
  /** As the target counts them (BFF: /metrics, minimal: /__stats). */
  downstreamCalls: number;
  /** As the double saw them: the cross-check. */
  doubleCalls: number;
  /** Response bytes the client read (headers included), compressed as sent. */
  wireBytes: number;
  /** Response body bytes the downstream services sent to the target. */
  downstreamBytes: number;
  /** Share of the machine used meanwhile by processes outside the bench (0..1). */
  othersCpuShare: number;
}

/** The unmeasured load before a run: some seconds of it, or one request per user. */
export type WarmUp = { seconds: number } | { onePerUser: true };

/**
 * Warms the target up (unmeasured), then measures one run: only the target's own CPU and memory
 * are read, from /proc, so the load generator and the double sharing the machine do not count.
 */
export async function measureRun(
  target: Target,
  double: DoubleProcess,
  load: Omit<LoadSpec, 'baseUrl'>,
  warmUp: WarmUp,
  round: number,
): Promise<RunSample> {
  const spec = { ...load, baseUrl: target.baseUrl };
  const warmUpResult =
    'onePerUser' in warmUp
      ? await runLoad({ ...spec, amount: spec.tokens.length })
      : warmUp.seconds > 0
        ? await runLoad({ ...spec, durationSec: warmUp.seconds })
        : undefined;
  await waitUntilIdle(target.pid);

  // Scrapes happen outside the CPU window: reading /metrics costs the BFF CPU too.
  const callsBefore = await target.downstreamCalls();
  const doubleBefore = await double.counters();
  const benchPids = [process.pid, double.pid, ...runningPids()];
  const machineBefore = cpuSnapshot(benchPids);
  const cpuBefore = cpuMs(target.pid);
  const stopSampling = sampleRss(target.pid);
  const result = await runLoad(spec);
  const rss = stopSampling();
  const machineAfter = cpuSnapshot(benchPids);
  await waitUntilIdle(target.pid);
  const cpuAfter = cpuMs(target.pid);
  const doubleAfter = await double.counters();
  const callsAfter = await target.downstreamCalls();

  return {
    target: target.name,
    round,
    durationSec: result.duration,
    requests: result.requests.total,
    sent: result.requests.sent,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    statuses: statusCounts(result),
    warmUpStatuses: warmUpResult ? statusCounts(warmUpResult) : {},
    socketErrors: result.errors,
    timeouts: result.timeouts,
    cpuMs: cpuAfter - cpuBefore,
    peakRssMb: memoryMb(target.pid).peak,
    sampledRssMb: rss,
    downstreamCalls: callsAfter - callsBefore,
    doubleCalls: doubleAfter.calls - doubleBefore.calls,
    wireBytes: result.throughput.total,
    downstreamBytes: doubleAfter.bytesSent - doubleBefore.bytesSent,
    othersCpuShare: othersShare(machineBefore, machineAfter),
  };
}

function statusCounts(result: autocannon.Result): Record<string, number> {
  return Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [
      status,
      stats.count ?? 0,
    ]),
  );
}
