export interface RestartPolicy {
  /** Wait before restarting a worker that crashed after running a while. */
  readonly firstDelayMs: number;
  /** The wait doubles with each quick crash in a row, up to this. */
  readonly maxDelayMs: number;
  /** A worker up at least this long was healthy: its next crash waits firstDelayMs again. */
  readonly stableAfterMs: number;
}

export const RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 200,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
};

/**
 * The restart delays of one worker slot: exponential while it keeps crashing soon after start,
 * so that a worker that cannot start (a bad deploy, a dependency it cannot reach) does not spin.
 */
export class RestartBackoff {
  private quickCrashes = 0;

  constructor(private readonly policy: RestartPolicy) {}

  /** The wait before restarting a worker that exited after running `uptimeMs`. */
  delayAfter(uptimeMs: number): number {
    if (uptimeMs >= this.policy.stableAfterMs) this.quickCrashes = 0;
    const delay = this.policy.firstDelayMs * 2 ** this.quickCrashes;
    this.quickCrashes++;
    return Math.min(delay, this.policy.maxDelayMs);
  }
}
