/** One downstream attempt made for a request, as Server-Timing and degradation logs report it. */
export interface DependencyCall {
  readonly service: string;
  readonly durationMs: number;
  /** `success`, or how the attempt failed (timeout, unavailable, circuit_open, ...). */
  readonly outcome: string;
}

/** What a screen handler reports once its answer is decided (taken from its return value). */
export interface ScreenOutcome {
  /** Which platform, screen and API version answered: counted, so retiring a version is informed. */
  readonly platform: string;
  readonly screen: string;
  readonly version: string;
  /** Sections of the answer whose source failed (`meta.degradedSections`). */
  readonly degradedSections: readonly string[];
  /** Which cache tier answered (memory, redis), or origin/stale. */
  readonly cache: string;
}

/**
 * What the telemetry lib learns about one request while it is served. Owned and written by this
 * lib alone (the downstream observer and `Telemetry.screenServed`), read when the answer leaves.
 */
export interface RequestRecord {
  readonly calls: DependencyCall[];
  screen?: ScreenOutcome;
}
