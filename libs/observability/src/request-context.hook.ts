import type { FastifyInstance } from 'fastify';
import { performance } from 'node:perf_hooks';
import { setRequestContext } from './request-context';
import { REQUEST_ID_HEADER } from './request-id';
import { newTraceId, parseTraceparent } from './trace-context';

/**
 * Gives every request its context as early as Fastify allows (the first hook), and echoes the
 * request id. The id itself comes from Fastify's genReqId (see `requestIdFor`).
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const parent = parseTraceparent(request.headers.traceparent);
    setRequestContext(request, {
      requestId: request.id,
      traceId: parent?.traceId ?? newTraceId(),
      parent,
      startedAt: performance.now(),
      route: request.routeOptions.url,
    });
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
