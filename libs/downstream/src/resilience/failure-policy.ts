import type { ServiceName } from '@app/config';
import type { BreakerState } from '../downstream-events';

/** How the transport's errors are judged; the policies themselves know no HTTP client. */
export interface FailurePolicy {
  /** Counts against the circuit breaker (timeouts, 5xx, connection errors; never a 4xx). */
  countsAsFailure(error: unknown): boolean;
  /** Worth another try of an idempotent call (connection errors/resets, 502/503/504). */
  isTransient(error: unknown): boolean;
  /** The delay the service asked for (Retry-After), in ms, if any. */
  retryAfterMs(error: unknown): number | undefined;
}

/** Who wants to know what the policies did: DownstreamEvents in the app, a spy in unit specs. */
export interface ResilienceListener {
  breakerChanged?(service: ServiceName, state: BreakerState): void;
  /** `attempt` is the number of the try about to be made (2 for the first retry). */
  retried?(service: ServiceName, attempt: number, delayMs: number): void;
  bulkheadRejected?(service: ServiceName): void;
}

/** Methods safe to repeat without asking; anything else is retried only when declared idempotent. */
export function isSafeMethod(method: string): boolean {
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
