import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Cleanup, runScript } from '../cleanup';
import { startDoubleProcess } from '../downstream-double-process';
import { startIdentity } from '../identity';
import { HOME_PATH, PHONE_HEADERS } from '../load';
import { cpuMs } from '../proc-stats';
import { startRedis } from '../redis-server';
import { busyMachineWarning, describeMachine, machineLine } from '../report';
import { BENCH_DIR, REPO_ROOT } from '../repo-paths';
import { contractEnvironment } from '../target';
import { arrivalTimes, spikePhases, totalSeconds } from './arrival-profile';
import { sampleDownstreamCalls } from './downstream-sampler';
import { runOpenLoop } from './open-loop';
import { SpikeBff, startSpikeBff } from './spike-bff';
import { SpikeOptions, parseSpikeOptions } from './spike-options';
import { formatSpikeReport, p99 } from './spike-report';
import { SpikeRecorder } from './spike-recorder';

const SPIKE_DIR = join(BENCH_DIR, 'spike');

async function runSpike(options: SpikeOptions, cleanup: Cleanup): Promise<void> {
  const started = Date.now();
  mkdirSync(SPIKE_DIR, { recursive: true });
  const machine = await describeMachine();
  console.log(machineLine(machine));
  const busy = busyMachineWarning(machine);
  if (busy) console.log(`warning: ${busy}`);
  console.log(`starting the downstream double, the identity provider, ${options.users} tokens…`);

  const double = await startDoubleProcess(randomBytes(16).toString('hex'));
  cleanup.add('downstream double', () => double.stop());
  const identity = await startIdentity(options.users);
  cleanup.add('identity provider', () => identity.close());
  const redis = await startRedis(join(SPIKE_DIR, 'redis.log'));
  cleanup.add('redis', () => redis.stop());
  const logFile = join(SPIKE_DIR, 'bff.log');
  const env = contractEnvironment(double, identity);
  const bff = await startSpikeBff(env, options.workers, redis.url, logFile);
  cleanup.add('BFF', () => bff.stop());
  const processes = bff.pids();
  console.log(
    `BFF asked for WEB_CONCURRENCY=${options.workers}: ${processes.length} process(es) ` +
      `(log: ${relative(REPO_ROOT, logFile)})`,
  );

  const phases = spikePhases(options);
  const schedule = arrivalTimes(phases);
  console.log(
    `spike: ${phases.map((p) => `${p.name} ${p.durationSec} s ${p.fromPerSec}→${p.toPerSec} req/s`).join(', ')}` +
      ` (${schedule.length} requests over ${totalSeconds(phases)} s)`,
  );
  const recorder = new SpikeRecorder(options.bucketSec);
  const cpuBefore = bffCpuMs(bff);
  const callsBefore = (await double.counters()).calls;
  const startedAt = performance.now();
  const sampler = sampleDownstreamCalls(double, recorder, startedAt, callsBefore);
  const spec = {
    baseUrl: bff.baseUrl,
    path: HOME_PATH,
    headers: PHONE_HEADERS,
    tokens: identity.tokens,
    schedule,
    maxInFlight: options.maxInFlight,
    timeoutMs: options.timeoutMs,
  };
  await runOpenLoop(spec, recorder, startedAt);
  await sampler.stop();
  const bffProcesses = bff.pids();
  const context = {
    phases,
    maxInFlight: options.maxInFlight,
    bffCpuMs: bffCpuMs(bff) - cpuBefore,
    bffProcesses: bffProcesses.length,
  };

  const report = formatSpikeReport(recorder, context);
  const header =
    `push-campaign spike: ${options.basePerSec}→${options.peakPerSec} req/s, GET ${HOME_PATH}, ` +
    `${options.users} users, BFF WEB_CONCURRENCY=${options.workers} on one Redis, ` +
    `rows of ${options.bucketSec} s`;
  console.log(`\n${header}\n${report.join('\n')}\n${machineLine(machine)}`);
  const resultsFile = join(SPIKE_DIR, 'results.json');
  const results = { machine, options, header, report, buckets: recorder.buckets.map(summaryOf) };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`results: ${relative(REPO_ROOT, resultsFile)} (run took ${minutes} min)`);
}

/** CPU used so far by the BFF's processes alive now (a worker replaced meanwhile is missed). */
function bffCpuMs(bff: SpikeBff): number {
  return bff.pids().reduce((sum, pid) => {
    try {
      return sum + cpuMs(pid);
    } catch {
      return sum;
    }
  }, 0);
}

/** A bucket without its raw latencies, for the results file. */
function summaryOf({ latenciesMs, ...counts }: SpikeRecorder['buckets'][number]) {
  return { ...counts, answered: latenciesMs.length, p99Ms: p99(latenciesMs) };
}

/**
 * A push campaign replayed against N BFF workers sharing one Redis: an open-loop arrival rate
 * ramping from the base rate to the peak, held, then dropped, on the home screen of many users.
 * Not a test: it prints what was shed, how latency and downstream calls per request moved.
 */
runScript('spike', parseSpikeOptions, runSpike);
