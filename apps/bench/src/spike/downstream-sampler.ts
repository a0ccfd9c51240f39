import { performance } from 'node:perf_hooks';
import type { DoubleProcess } from '../downstream-double-process';
import type { SpikeRecorder } from './spike-recorder';

/**
 * Reads the downstream double's call counter at every bucket boundary and books the calls since
 * the last reading to the bucket they happened in. `stop` takes a last reading (after the run
 * has drained), so the calls add up to the exact total.
 */
export function sampleDownstreamCalls(
  double: DoubleProcess,
  recorder: SpikeRecorder,
  startedAt: number,
  callsAtStart: number,
): { stop(): Promise<void> } {
  let last = { atSec: 0, calls: callsAtStart };
  let reading = Promise.resolve();
  const read = () =>
    (reading = reading.then(async () => {
      const atSec = (performance.now() - startedAt) / 1000;
      const { calls } = await double.counters();
      recorder.addDownstreamCalls(last.atSec, calls - last.calls);
      last = { atSec, calls };
    }));
  const timer = setInterval(() => void read(), recorder.bucketSec * 1000);
  return {
    stop: async () => {
      clearInterval(timer);
      await read();
    },
  };
}
