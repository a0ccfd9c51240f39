/** What happened to the requests due in one bucket of the run (counted by when they were due). */
export interface Bucket {
  startSec: number;
  offered: number;
  /** Due while the client already had its maximum in flight: never sent. */
  shedByClient: number;
  /** Sent more than LATE_AFTER_MS after they were due (the generator fell behind). */
  late: number;
  statuses: Record<string, number>;
  /** Socket errors and client timeouts: no answer at all. */
  failures: number;
  /** From when each request was due (not when it left) to its last byte: no coordinated omission. */
  latenciesMs: number[];
  /** Calls the downstream services received during this bucket's wall-clock time. */
  downstreamCalls: number;
}

export const LATE_AFTER_MS = 10;

export class SpikeRecorder {
  readonly buckets: Bucket[] = [];
  maxLagMs = 0;
  maxInFlight = 0;

  constructor(readonly bucketSec: number) {}

  bucketAt(dueSec: number): Bucket {
    const index = Math.floor(dueSec / this.bucketSec);
    for (let i = this.buckets.length; i <= index; i++) {
      this.buckets.push({
        startSec: i * this.bucketSec,
        offered: 0,
        shedByClient: 0,
        late: 0,
        statuses: {},
        failures: 0,
        latenciesMs: [],
        downstreamCalls: 0,
      });
    }
    return this.buckets[index];
  }

  sent(bucket: Bucket, lagMs: number, inFlight: number): void {
    if (lagMs > LATE_AFTER_MS) bucket.late += 1;
    this.maxLagMs = Math.max(this.maxLagMs, lagMs);
    this.maxInFlight = Math.max(this.maxInFlight, inFlight);
  }

  answered(bucket: Bucket, status: number, latencyMs: number): void {
    bucket.statuses[status] = (bucket.statuses[status] ?? 0) + 1;
    bucket.latenciesMs.push(latencyMs);
  }

  /** Downstream calls counted between two samples of the double's counters. */
  addDownstreamCalls(atSec: number, calls: number): void {
    this.bucketAt(atSec).downstreamCalls += calls;
  }
}
