import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { AppConfig, InjectConfig } from '@app/config';
import { CallStart, CallTracker, DownstreamEvents, DownstreamObserver } from '@app/downstream';
import { formatTraceparent, RequestContext } from '@app/observability';
import { SeededIdGenerator } from './seeded-id-generator';

/** What the server span learns when the response has been sent. */
export interface RequestEnd {
  route: string;
  method: string;
  status: number;
}

/**
 * Request tracing with OpenTelemetry, parents passed explicitly (no async context needed): a
 * server span per client request (child of the caller's traceparent, same trace id as the
 * request context) and a client span per downstream attempt, whose id goes out as that attempt's
 * traceparent. Without an exporter (OTEL_EXPORTER_OTLP_ENDPOINT unset) no span is ever created;
 * either way each attempt is recorded on the request context for Server-Timing and logs.
 */
@Injectable()
export class RequestTracing implements DownstreamObserver, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RequestTracing.name);
  private readonly provider?: BasicTracerProvider;
  private readonly tracer?: Tracer;
  private readonly ids = new SeededIdGenerator();
  private readonly spans = new WeakMap<RequestContext, Span>();

  constructor(
    @InjectConfig() config: AppConfig,
    private readonly events: DownstreamEvents,
  ) {
    const endpoint = config.tracing.otlpEndpoint;
    if (endpoint) {
      this.provider = RequestTracing.providerFor(
        config.tracing.serviceName,
        new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
        this.ids,
      );
      this.tracer = this.provider.getTracer('mobile-bff');
    }
  }

  private static providerFor(
    serviceName: string,
    exporter: SpanExporter,
    ids: SeededIdGenerator,
  ): BasicTracerProvider {
    return new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      idGenerator: ids,
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  /** Starts the request's server span (nothing without an exporter). */
  startRequest(request: RequestContext, method: string): void {
    if (!this.tracer) return;
    const tracer = this.tracer;
    const { parent } = request;
    const parentContext = parent
      ? trace.setSpanContext(ROOT_CONTEXT, {
          traceId: parent.traceId,
          spanId: parent.spanId,
          traceFlags: parseInt(parent.flags, 16) & TraceFlags.SAMPLED,
          isRemote: true,
        })
      : ROOT_CONTEXT;
    const span = this.ids.withTraceId(request.traceId, () =>
      tracer.startSpan(
        `${method} ${request.route ?? 'unmatched'}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
        parentContext,
      ),
    );
    this.spans.set(request, span);
  }

  endRequest(request: RequestContext, end: RequestEnd): void {
    const span = this.spans.get(request);
    if (!span) return;
    span.updateName(`${end.method} ${end.route}`);
    span.setAttributes({
      'http.route': end.route,
      'http.response.status_code': end.status,
      'bff.request_id': request.requestId,
    });
    if (request.degradedSections?.length) {
      span.setAttribute('bff.degraded_sections', [...request.degradedSections]);
    }
    if (end.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  callStarted({ service, context, attempt }: CallStart): CallTracker {
    const request = context.request;
    const span = this.clientSpan(request, service, attempt);
    const spanContext = span?.spanContext();
    return {
      headers: spanContext && {
        traceparent: formatTraceparent(
          spanContext.traceId,
          spanContext.spanId,
          (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0,
        ),
      },
      end: ({ outcome, durationMs, status }) => {
        (request.dependencyCalls ??= []).push({ service, durationMs, outcome });
        if (!span) return;
        span.setAttribute('downstream.outcome', outcome);
        if (status !== undefined) span.setAttribute('http.response.status_code', status);
        if (outcome !== 'success') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        span.end();
      },
    };
  }

  /** Exports every finished span now (tests; shutdown does it too). */
  async forceFlush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.provider?.shutdown();
    } catch (error) {
      this.logger.warn(`Span export on shutdown failed: ${String(error)}`);
    }
  }

  private clientSpan(request: RequestContext, service: string, attempt: number): Span | undefined {
    if (!this.tracer) return undefined;
    const tracer = this.tracer;
    const server = this.spans.get(request);
    const parentContext = server ? trace.setSpan(ROOT_CONTEXT, server) : ROOT_CONTEXT;
    return this.ids.withTraceId(request.traceId, () =>
      tracer.startSpan(
        service,
        {
          kind: SpanKind.CLIENT,
          attributes: { 'downstream.service': service, 'downstream.attempt': attempt },
        },
        parentContext,
      ),
    );
  }
}
