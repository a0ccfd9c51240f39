import type { Deadline } from './deadline';

/** What every downstream call of one client request carries. */
export interface CallContext {
  readonly requestId: string;
  readonly traceId: string;
  readonly deadline: Deadline;
}
