import type { RequestContext } from '@app/observability';
import type { Deadline } from './deadline';

/** What every downstream call of one client request carries. */
export interface CallContext {
  readonly requestId: string;
  readonly traceId: string;
  readonly deadline: Deadline;
  /** The client request this call serves (observers record per-request timings on it). */
  readonly request: RequestContext;
}
