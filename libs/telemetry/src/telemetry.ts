import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import type {
  DoneFuncWithErrOrRes,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig, InjectConfig } from '@app/config';
import {
  BreakerState,
  CallStart,
  CallTracker,
  DownstreamEvents,
  DownstreamObserver,
  DroppedElements,
} from '@app/downstream';
import {
  attachRequestContext,
  findRequestContext,
  RequestContext,
} from './context/request-context';
import { REQUEST_ID_HEADER } from './context/request-id';
import {
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
} from './context/trace-context';
import { logDegradedSections, logRequest } from './logging/request-log';
import { BffMetrics } from './metrics/bff-metrics';
import type { RequestRecord, ScreenOutcome } from './request-record';
import { RequestTracing } from './tracing/request-tracing';
import { serverTiming } from './tracing/server-timing';
import { ServerTimingAudience, serverTimingAudience } from './tracing/server-timing-audience';

interface TracedRecord extends RequestRecord {
  span?: Span;
}

type Caller = { user?: { userId?: string } };

/**
 * Telemetry as one concern: request context, the request log line, traces, Server-Timing and
 * metrics. Its hooks are wired by the app's HTTP pipeline; it observes every downstream attempt
 * once (metrics, span, timing and the traceparent sent). Per-request state lives in a record
 * only this class writes, keyed by the immutable RequestContext.
 */
@Injectable()
export class Telemetry implements DownstreamObserver, OnModuleInit {
  private readonly degradation = new Logger('Degradation');
  private readonly records = new WeakMap<object, TracedRecord>();
  private readonly showsServerTimingTo: ServerTimingAudience;

  constructor(
    private readonly events: DownstreamEvents,
    private readonly tracing: RequestTracing,
    private readonly metrics: BffMetrics,
    @InjectConfig() config: AppConfig,
  ) {
    this.showsServerTimingTo = serverTimingAudience(config.edge.serverTimingAllow);
  }

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  /** onRequest, first of all hooks: ids and trace exist before anything can log or call out. */
  readonly onRequest = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void => {
    const parent = parseTraceparent(request.headers.traceparent);
    const context: RequestContext = {
      requestId: request.id,
      traceId: parent?.traceId ?? newTraceId(),
      parent,
      startedAt: performance.now(),
      route: request.routeOptions.url,
    };
    attachRequestContext(request, context);
    if (this.tracing.enabled) {
      this.records.set(context, {
        calls: [],
        span: this.tracing.startRequest(context, request.method),
      });
    }
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  };

  /**
   * onSend: answers that called downstream services say how long each attempt took, to callers
   * SERVER_TIMING_ALLOW lets see it (request.ip: a trusted proxy's client, else the socket's).
   */
  readonly onSend = (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: DoneFuncWithErrOrRes,
  ): void => {
    const context = findRequestContext(request);
    const calls = context && this.records.get(context)?.calls;
    if (calls?.length && this.showsServerTimingTo(request.ip)) {
      void reply.header('server-timing', serverTiming(calls));
    }
    done(null, payload);
  };

  /** onResponse: the log line, the request metrics, the server span's end. */
  readonly onResponse = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void => {
    const context = findRequestContext(request);
    if (context) this.answered(context, request, reply);
    done();
  };

  /** A screen's outcome, as its handler returned it (degraded sections, cache tier). */
  screenServed(context: RequestContext, outcome: ScreenOutcome): void {
    this.recordOf(context).screen = outcome;
  }

  callStarted({ service, context, attempt }: CallStart): CallTracker {
    const request = context.request as RequestContext;
    const record = this.recordOf(request);
    const span = this.tracing.startCall(request, record.span, service, attempt);
    const spanId = span?.spanContext().spanId ?? newSpanId();
    const sampled = request.parent ? (parseInt(request.parent.flags, 16) & 1) === 1 : true;
    return {
      headers: { traceparent: formatTraceparent(request.traceId, spanId, sampled) },
      end: ({ outcome, durationMs, status }) => {
        record.calls.push({ service, durationMs, outcome });
        this.metrics.recordCall(service, outcome, durationMs);
        if (span) this.tracing.endCall(span, outcome, status);
      },
    };
  }

  retried(service: string): void {
    this.metrics.retried(service);
  }

  breakerChanged(service: string, state: BreakerState): void {
    this.metrics.breakerChanged(service, state);
  }

  bulkheadRejected(service: string): void {
    this.metrics.bulkheadRejected(service);
  }

  elementsDropped(dropped: DroppedElements): void {
    this.metrics.elementsDropped(dropped);
  }

  private answered(context: RequestContext, request: FastifyRequest, reply: FastifyReply): void {
    const record = this.records.get(context);
    const route = context.route ?? 'unmatched';
    const degradedSections = record?.screen?.degradedSections;
    logRequest(PinoLogger.root, {
      context,
      record,
      method: request.method,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      userId: (request as Caller).user?.userId,
    });
    logDegradedSections(this.degradation, context, record);
    this.metrics.recordRequest({
      route,
      method: request.method,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      degradedSections,
      screen: record?.screen,
    });
    if (record?.span) {
      this.tracing.endRequest(record.span, context, {
        route,
        method: request.method,
        status: reply.statusCode,
        degradedSections,
      });
    }
  }

  private recordOf(context: RequestContext): TracedRecord {
    let record = this.records.get(context);
    if (!record) {
      record = { calls: [] };
      this.records.set(context, record);
    }
    return record;
  }
}
