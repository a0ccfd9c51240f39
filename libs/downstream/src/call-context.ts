import type { Deadline } from './deadline';

/** Which client request a call serves (for propagation headers and per-request telemetry). */
export interface CallOrigin {
  readonly requestId: string;
  readonly traceId: string;
}

/** What every downstream call of one client request carries. */
export interface CallContext {
  readonly request: CallOrigin;
  readonly deadline: Deadline;
  /**
   * Aborted once the call is no longer wanted: with a DeadlineExceeded reason when the request's
   * deadline passes, with any other reason when its answer has been decided without the call.
   */
  readonly signal: AbortSignal;
}
