import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
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
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AppConfig, InjectConfig } from '@app/config';
import type { RequestContext } from '../context/request-context';
import { SeededIdGenerator } from './seeded-id-generator';

/** What the server span learns when the response has been sent. */
export interface RequestEnd {
  route: string;
  method: string;
  status: number;
  degradedSections?: readonly string[];
}

/**
 * OpenTelemetry spans, parents passed explicitly (no async context needed): a server span per
 * client request (child of the caller's traceparent, same trace id as the request context) and a
 * client span per downstream attempt. Without an exporter (OTEL_EXPORTER_OTLP_ENDPOINT unset) no
 * span is ever created and every method returns at once.
 */
@Injectable()
export class RequestTracing implements OnApplicationShutdown {
  private readonly logger = new Logger(RequestTracing.name);
  private readonly provider?: BasicTracerProvider;
  private readonly tracer?: Tracer;
  private readonly ids = new SeededIdGenerator();

  constructor(@InjectConfig() config: AppConfig) {
    const endpoint = config.tracing.otlpEndpoint;
    if (!endpoint) return;
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.tracing.serviceName }),
      idGenerator: this.ids,
      spanProcessors: [
        new BatchSpanProcessor(
          new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
        ),
      ],
    });
    this.tracer = this.provider.getTracer('mobile-bff');
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  startRequest(request: RequestContext, method: string): Span | undefined {
    const tracer = this.tracer;
    if (!tracer) return undefined;
    const { parent } = request;
    const parentContext = parent
      ? trace.setSpanContext(ROOT_CONTEXT, {
          traceId: parent.traceId,
          spanId: parent.spanId,
          traceFlags: parseInt(parent.flags, 16) & TraceFlags.SAMPLED,
          isRemote: true,
        })
      : ROOT_CONTEXT;
    return this.ids.withTraceId(request.traceId, () =>
      tracer.startSpan(
        `${method} ${request.route ?? 'unmatched'}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
        parentContext,
      ),
    );
  }

  endRequest(span: Span, request: RequestContext, end: RequestEnd): void {
    span.updateName(`${end.method} ${end.route}`);
    span.setAttributes({
      'http.route': end.route,
      'http.response.status_code': end.status,
      'bff.request_id': request.requestId,
    });
    if (end.degradedSections?.length) {
      span.setAttribute('bff.degraded_sections', [...end.degradedSections]);
    }
    if (end.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  /** A client span for one downstream attempt, child of the request's server span. */
  startCall(
    request: RequestContext,
    server: Span | undefined,
    service: string,
    attempt: number,
  ): Span | undefined {
    const tracer = this.tracer;
    if (!tracer) return undefined;
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

  endCall(span: Span, outcome: string, status: number | undefined): void {
    span.setAttribute('downstream.outcome', outcome);
    if (status !== undefined) span.setAttribute('http.response.status_code', status);
    if (outcome !== 'success') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    span.end();
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
}
