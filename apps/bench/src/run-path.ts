import type { BenchOptions, PathName } from './cli-options';
import type { DoubleProcess } from './downstream-double-process';
import { RunSample, WarmUp, measureRun } from './measure';
import { PathResult, summarize } from './report';
import type { Target } from './target';

export interface PathSetup {
  path: PathName;
  title: string;
  bff: Target;
  minimal: Target;
  tokens: readonly string[];
  /** For revalidation paths: each target's own ETag per user. */
  etags?: Record<Target['name'], readonly string[]>;
  /**
   * The path promises the BFF's caches as a pass over all users leaves them. The minimal's turn
   * in between lasts long enough for screens to expire (15 s TTL), and a BFF that starts cold
   * under this load stays slow: so each BFF run is preceded by one request per user.
   */
  warmCaches?: boolean;
}

/**
 * Before a target's first round under load: a process that has just started (or just served one
 * request per user) is still compiling its hot paths and sizing its heap. Both targets get it.
 */
const SETTLE_SEC = 5;

/**
 * Rounds of minimal and BFF in turn, the order flipping every round (ABBA), so a drift of the
 * machine (thermal, noisy neighbour) does not favour whichever always runs first.
 */
export async function runPath(
  setup: PathSetup,
  double: DoubleProcess,
  options: BenchOptions,
): Promise<PathResult> {
  const samples: RunSample[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const order = round % 2 === 1 ? [setup.minimal, setup.bff] : [setup.bff, setup.minimal];
    for (const target of order) {
      const load = {
        connections: options.connections,
        durationSec: options.durationSec,
        tokens: setup.tokens,
        etags: setup.etags?.[target.name],
      };
      const warmUp: WarmUp =
        setup.warmCaches && target.name === 'BFF'
          ? { onePerUser: true }
          : { seconds: round === 1 ? Math.max(options.warmupSec, SETTLE_SEC) : options.warmupSec };
      const sample = await measureRun(target, double, load, warmUp, round);
      samples.push(sample);
      console.log(progressLine(setup.path, round, options.rounds, sample));
    }
  }
  return {
    path: setup.path,
    title: setup.title,
    bff: summarize(samples.filter((s) => s.target === 'BFF')),
    minimal: summarize(samples.filter((s) => s.target === 'minimal')),
    samples,
  };
}

function progressLine(path: string, round: number, rounds: number, s: RunSample): string {
  const perSent = (value: number) => (s.sent ? value / s.sent : 0);
  return [
    `  ${path} round ${round}/${rounds} ${s.target.padEnd(7)}`,
    `${Math.round(s.requests / s.durationSec)} req/s,`,
    `p99 ${s.latencyMs.p99} ms,`,
    `${perSent(s.cpuMs).toFixed(3)} CPU ms/req,`,
    `${perSent(s.downstreamCalls).toFixed(2)} downstream calls/req`,
  ].join(' ');
}
