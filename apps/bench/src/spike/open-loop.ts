import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { SpikeRecorder } from './spike-recorder';

export interface OpenLoopSpec {
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  /** Request n goes out as tokens[n % tokens.length]. */
  tokens: readonly string[];
  /** When each request is due, in seconds from the start (ascending). */
  schedule: Float64Array;
  maxInFlight: number;
  timeoutMs: number;
}

/** How often the generator looks for due requests; Node's timers go no finer. */
const TICK_MS = 1;

/**
 * An open-loop generator: requests leave when the schedule says, whether or not earlier ones
 * were answered, as a million phones woken by a push do. A closed loop (N connections, each
 * waiting for its answer) would slow down with the server and hide the overload. What it cannot
 * do honestly is counted instead: a request due while `maxInFlight` are outstanding is shed by
 * the client, one sent late is marked late. Resolves when every request sent has ended.
 */
export async function runOpenLoop(
  spec: OpenLoopSpec,
  recorder: SpikeRecorder,
  startedAt = performance.now(),
): Promise<void> {
  const pool = new Pool(spec.baseUrl, {
    connections: spec.maxInFlight,
    pipelining: 1,
    headersTimeout: spec.timeoutMs,
    bodyTimeout: spec.timeoutMs,
  });
  const secondsSinceStart = () => (performance.now() - startedAt) / 1000;
  let inFlight = 0;
  let next = 0;
  let allEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (allEnded = resolve));
  const endIfDone = () => {
    if (next >= spec.schedule.length && inFlight === 0) allEnded();
  };

  const send = (n: number, dueSec: number, nowSec: number) => {
    const bucket = recorder.bucketAt(dueSec);
    bucket.offered += 1;
    if (inFlight >= spec.maxInFlight) {
      bucket.shedByClient += 1;
      return;
    }
    inFlight += 1;
    recorder.sent(bucket, (nowSec - dueSec) * 1000, inFlight);
    const headers = {
      ...spec.headers,
      authorization: `Bearer ${spec.tokens[n % spec.tokens.length]}`,
    };
    pool
      .request({ method: 'GET', path: spec.path, headers })
      .then(async ({ statusCode, body }) => {
        await body.arrayBuffer();
        recorder.answered(bucket, statusCode, (secondsSinceStart() - dueSec) * 1000);
      })
      .catch(() => (bucket.failures += 1))
      .finally(() => {
        inFlight -= 1;
        endIfDone();
      });
  };

  const timer = setInterval(() => {
    const nowSec = secondsSinceStart();
    for (; next < spec.schedule.length && spec.schedule[next] <= nowSec; next++) {
      send(next, spec.schedule[next], nowSec);
    }
    if (next >= spec.schedule.length) {
      clearInterval(timer);
      endIfDone();
    }
  }, TICK_MS);
  try {
    await ended;
  } finally {
    clearInterval(timer);
    await pool.close();
  }
}
