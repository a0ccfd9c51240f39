import type { FastifyRequest } from 'fastify';
import type { TraceParent } from './trace-context';

/**
 * What the BFF knows about the request it is answering, created once in the first hook and never
 * changed afterwards: ids for logs and propagation, the trace, and the monotonic start time that
 * deadlines count from. What happens later (calls made, sections degraded) is recorded by the
 * telemetry lib itself, never written onto this object.
 */
export interface RequestContext {
  readonly requestId: string;
  /** W3C trace id (32 hex): the client's when it sent a valid traceparent, else a new one. */
  readonly traceId: string;
  /** The client's valid traceparent, if it sent one: the parent of this request's server span. */
  readonly parent?: TraceParent;
  /** Monotonic start time (performance.now()) used for deadlines and durations. */
  readonly startedAt: number;
  /** The matched route template (e.g. `/ios/v1/home`), never the raw path. */
  readonly route?: string;
}

const CONTEXT = Symbol('bff.requestContext');

type WithContext = { [CONTEXT]?: RequestContext };

export function attachRequestContext(request: FastifyRequest, context: RequestContext): void {
  (request as WithContext)[CONTEXT] = context;
}

/** The request's context; undefined only for requests that failed before the first hook ran. */
export function findRequestContext(request: FastifyRequest): RequestContext | undefined {
  return (request as WithContext)[CONTEXT];
}
