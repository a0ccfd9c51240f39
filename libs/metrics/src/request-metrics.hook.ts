import type { FastifyInstance } from 'fastify';
import { findRequestContext } from '@app/observability';
import type { BffMetrics } from './bff-metrics';

/** Counts every answered request once it has been sent (cheap: a few label lookups). */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: BffMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.recordRequest({
      route: request.routeOptions.url ?? 'unmatched',
      method: request.method,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      degradedSections: findRequestContext(request)?.degradedSections,
    });
    done();
  });
}
