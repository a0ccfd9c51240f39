import { arrivalTimes, spikePhases, totalSeconds } from './arrival-profile';

const shape = {
  basePerSec: 50,
  peakPerSec: 2000,
  baseSec: 10,
  rampSec: 10,
  holdSec: 20,
  dropSec: 10,
};

/** Requests due in [from, to). */
const dueBetween = (times: Float64Array, from: number, to: number) =>
  times.filter((t) => t >= from && t < to).length;

describe('the spike arrival profile', () => {
  const phases = spikePhases(shape);
  const times = arrivalTimes(phases);

  it('is steady, a ramp, the peak held, then the base rate again', () => {
    expect(phases.map((p) => [p.name, p.fromPerSec, p.toPerSec])).toEqual([
      ['steady', 50, 50],
      ['ramp', 50, 2000],
      ['hold', 2000, 2000],
      ['drop', 50, 50],
    ]);
    expect(totalSeconds(phases)).toBe(50);
  });

  it('schedules exactly the integral of the rate, in order', () => {
    expect(times.length).toBe(500 + (10 * (50 + 2000)) / 2 + 40_000 + 500);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(times[times.length - 1]).toBeLessThan(50);
  });

  it('offers the rate of each moment: 50/s steady, rising through the ramp, 2000/s held', () => {
    expect(dueBetween(times, 0, 10)).toBe(500);
    // The ramp's rate is 50 + 195·t: its first second is due 147.5 requests, its last 1902.5.
    expect(Math.abs(dueBetween(times, 10, 11) - 147.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(dueBetween(times, 19, 20) - 1902.5)).toBeLessThanOrEqual(0.5);
    expect(dueBetween(times, 25, 26)).toBe(2000);
    expect(dueBetween(times, 45, 46)).toBe(50);
  });

  it('leaves out phases of zero seconds', () => {
    expect(spikePhases({ ...shape, baseSec: 0, dropSec: 0 }).map((p) => p.name)).toEqual([
      'ramp',
      'hold',
    ]);
  });
});
