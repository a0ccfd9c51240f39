import type { DependencyCall } from '../request-record';

/** Enough for any screen's fan-out; keeps the header bounded if a route ever loops. */
const MAX_ENTRIES = 32;

/** `users;dur=12.3;desc="success", catalog;dur=8.1;desc="timeout"`: one entry per attempt. */
export function serverTiming(calls: readonly DependencyCall[]): string {
  return calls
    .slice(0, MAX_ENTRIES)
    .map((call) => `${call.service};dur=${call.durationMs.toFixed(1)};desc="${call.outcome}"`)
    .join(', ');
}
