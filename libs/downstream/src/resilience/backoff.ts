export interface BackoffSettings {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The largest delay before retry number `retry` (1 = the first retry): base·2^(retry-1), capped. */
export function backoffCeilingMs(retry: number, settings: BackoffSettings): number {
  return Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, retry - 1));
}

/**
 * Capped exponential backoff with full jitter: a uniform pick in [0, ceiling], so the retries of
 * many callers hit by the same failure spread out instead of arriving together.
 */
export function backoffDelayMs(
  retry: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  return Math.round(random() * backoffCeilingMs(retry, settings));
}
