/** A stretch of the profile over which the offered rate changes linearly. */
export interface Phase {
  name: string;
  durationSec: number;
  fromPerSec: number;
  toPerSec: number;
}

export interface SpikeShape {
  basePerSec: number;
  peakPerSec: number;
  baseSec: number;
  rampSec: number;
  holdSec: number;
  dropSec: number;
}

/**
 * A push campaign: steady traffic, a linear ramp to the peak, the peak held, then back to the
 * steady rate at once (the phones that came have come).
 */
export function spikePhases(shape: SpikeShape): Phase[] {
  const { basePerSec: base, peakPerSec: peak } = shape;
  return [
    { name: 'steady', durationSec: shape.baseSec, fromPerSec: base, toPerSec: base },
    { name: 'ramp', durationSec: shape.rampSec, fromPerSec: base, toPerSec: peak },
    { name: 'hold', durationSec: shape.holdSec, fromPerSec: peak, toPerSec: peak },
    { name: 'drop', durationSec: shape.dropSec, fromPerSec: base, toPerSec: base },
  ].filter((phase) => phase.durationSec > 0);
}

/**
 * When each request is due, in seconds from the start: request n of a phase is due when the
 * integral of the rate over the phase reaches n (the first at its start). Computed up front, so the generator's own load cannot change the schedule.
 */
export function arrivalTimes(phases: readonly Phase[]): Float64Array {
  const times: number[] = [];
  let phaseStart = 0;
  for (const phase of phases) {
    const slope = (phase.toPerSec - phase.fromPerSec) / phase.durationSec;
    const inPhase = Math.floor(
      phase.fromPerSec * phase.durationSec + (slope * phase.durationSec ** 2) / 2 + 1e-9,
    );
    for (let k = 0; k < inPhase; k++) {
      times.push(phaseStart + offsetOf(k, phase.fromPerSec, slope));
    }
    phaseStart += phase.durationSec;
  }
  return Float64Array.from(times);
}

/** The t at which `from·t + slope·t²/2` reaches `count`. */
function offsetOf(count: number, from: number, slope: number): number {
  if (slope === 0) return count / from;
  return (-from + Math.sqrt(from * from + 2 * slope * count)) / slope;
}

export const totalSeconds = (phases: readonly Phase[]): number =>
  phases.reduce((sum, phase) => sum + phase.durationSec, 0);
