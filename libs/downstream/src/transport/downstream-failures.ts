import { DownstreamError } from '../downstream-error';
import type { FailurePolicy } from '../resilience/failure-policy';

/** Statuses that say "try again shortly"; a 500 is a bug and is not retried. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/** What a 5xx answer said beyond its status: kept as the DownstreamError's cause. */
export class ServiceAnswer extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`service answered ${status}`);
    this.name = 'ServiceAnswer';
  }
}

/** The service could not be reached or dropped the connection: no answer at all. */
export class ConnectionFailed extends Error {
  constructor(cause: unknown) {
    super('no answer: the connection failed', { cause });
    this.name = 'ConnectionFailed';
  }
}

/**
 * An answer's body refused before it was parsed: larger or deeper than the limits, or in a coding
 * the transport cannot decode. A bad answer, as a body that is not JSON is; the message is for logs.
 */
export class UnacceptableBody extends Error {
  constructor(reason: string, cause?: unknown) {
    super(`unacceptable body: ${reason}`, { cause });
    this.name = 'UnacceptableBody';
  }
}

/** How DownstreamHttp's errors count for the breaker and the retries. */
export const DOWNSTREAM_FAILURES: FailurePolicy = {
  countsAsFailure: (error) =>
    error instanceof DownstreamError &&
    (error.failure === 'timeout' ||
      error.failure === 'unavailable' ||
      error.failure === 'bad_response'),
  isTransient: (error) =>
    error instanceof DownstreamError &&
    error.failure === 'unavailable' &&
    (error.status === undefined
      ? error.cause instanceof ConnectionFailed // refused or reset: no answer at all
      : TRANSIENT_STATUSES.has(error.status)),
  retryAfterMs: (error) =>
    error instanceof DownstreamError && error.cause instanceof ServiceAnswer
      ? error.cause.retryAfterMs
      : undefined,
};

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
