import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { findRequestContext, RequestContext } from '@app/observability';
import type { RequestTracing } from './request-tracing';
import { serverTiming } from './server-timing';

const logger = new Logger('Degradation');

/**
 * Per-request diagnostics: the server span (only when tracing exports), `Server-Timing` on
 * answers that called downstream services, and a warning per degraded section.
 */
export function registerRequestTracing(fastify: FastifyInstance, tracing: RequestTracing): void {
  if (tracing.enabled) {
    fastify.addHook('onRequest', (request, _reply, done) => {
      const context = findRequestContext(request);
      if (context) tracing.startRequest(context, request.method);
      done();
    });
  }

  fastify.addHook('onSend', (request, reply, payload, done) => {
    const calls = findRequestContext(request)?.dependencyCalls;
    if (calls?.length) void reply.header('server-timing', serverTiming(calls));
    done(null, payload);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const context = findRequestContext(request);
    if (context) {
      logDegradedSections(context);
      tracing.endRequest(context, {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: reply.statusCode,
      });
    }
    done();
  });
}

/** One warning per section answered as null, with the downstream attempts that failed. */
export function logDegradedSections(context: RequestContext, log: Pick<Logger, 'warn'> = logger) {
  if (!context.degradedSections?.length) return;
  const failures = (context.dependencyCalls ?? [])
    .filter((call) => call.outcome !== 'success')
    .map((call) => `${call.service}: ${call.outcome}`);
  const reason = failures.length ? failures.join(', ') : 'deadline';
  for (const section of context.degradedSections) {
    log.warn(
      `Section ${section} degraded (request ${context.requestId}, trace ${context.traceId}); ` +
        `failed dependencies: ${reason}`,
    );
  }
}
