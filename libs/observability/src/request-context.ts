import type { FastifyRequest } from 'fastify';
import type { TraceParent } from './trace-context';

/** One downstream attempt made for a request, as Server-Timing and degradation logs report it. */
export interface DependencyCall {
  readonly service: string;
  readonly durationMs: number;
  /** `success`, or how the attempt failed (timeout, unavailable, circuit_open, ...). */
  readonly outcome: string;
}

/**
 * What the BFF knows about the request it is answering, shared by logging, errors, downstream
 * propagation and the response meta. Attached once per request by the observability hooks.
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
  userId?: string;
  degradedSections?: readonly string[];
  /** Which cache tier answered (memory, redis), or origin/stale; unset when nothing was cached. */
  cacheSource?: string;
  /** Downstream attempts in the order they finished (filled by the tracing observer). */
  dependencyCalls?: DependencyCall[];
}

const CONTEXT = Symbol('bff.requestContext');

type WithContext = { [CONTEXT]?: RequestContext };

export function setRequestContext(request: FastifyRequest, context: RequestContext): void {
  (request.raw as WithContext)[CONTEXT] = context;
}

/** The request's context; undefined only for requests that failed before the hooks ran. */
export function findRequestContext(request: FastifyRequest): RequestContext | undefined {
  return (request.raw as WithContext)[CONTEXT];
}

/** Same lookup from the raw Node request (pino-http sees only that one). */
export function findRawRequestContext(raw: object): RequestContext | undefined {
  return (raw as WithContext)[CONTEXT];
}
