import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceName } from '@app/config';
import { CallRecorder } from './call-recorder';
import { FaultTable, applyFault, parseFault } from './faults';
import { BadRequest, createFastify } from './http';
import { InFlightGauge } from './in-flight';

const CONTROL_PREFIX = '/__control/';

export interface ServiceServerOptions {
  service: ServiceName;
  serviceToken: string;
  faults: FaultTable;
  recorder: CallRecorder;
  /** Counts requests until their response finishes or their connection closes. */
  inFlight?: InFlightGauge;
  registerRoutes: (app: FastifyInstance) => void;
}

/**
 * One downstream service: records every call, then applies its fault (if any), then checks the
 * service token, then routes. `/__control/*` endpoints bypass all of that.
 */
export function createServiceServer(options: ServiceServerOptions): FastifyInstance {
  const { service, faults, recorder } = options;
  const app = createFastify();
  const closing = new AbortController();
  const expectedAuthorization = `Bearer ${options.serviceToken}`;

  app.addHook('preClose', (done) => {
    closing.abort();
    done();
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    recorder.record({
      service,
      method: request.method,
      path: request.url,
      headers: { ...request.headers },
      receivedAt: Date.now(),
    });
    if (options.inFlight) reply.raw.once('close', options.inFlight.enter());
    const fault = faults.match(pathOf(request.url));
    if (fault !== undefined && (await applyFault(fault, request, reply, closing.signal))) {
      return reply;
    }
    if (request.headers.authorization !== expectedAuthorization) {
      return reply.code(401).send({ error: 'unauthorized' });
    }
    return undefined;
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found' }));
  app.setErrorHandler((error: unknown, _request, reply) => {
    const status = statusOf(error);
    const message = error instanceof Error ? error.message : 'invalid request';
    return status < 500
      ? reply.code(status).send({ error: 'bad_request', message })
      : reply.code(500).send({ error: 'internal_error' });
  });

  registerControlRoutes(app, options);
  options.registerRoutes(app);
  return app;
}

function registerControlRoutes(app: FastifyInstance, options: ServiceServerOptions): void {
  app.put(`${CONTROL_PREFIX}fault`, (request, reply) => {
    const parsed = parseFault(request.body);
    if (typeof parsed === 'string')
      return reply.code(400).send({ error: 'bad_request', message: parsed });
    options.faults.set(parsed.fault, parsed.path);
    return reply.code(204).send();
  });
  app.delete(`${CONTROL_PREFIX}fault`, (_request, reply) => {
    options.faults.clear();
    return reply.code(204).send();
  });
  app.get(`${CONTROL_PREFIX}calls`, () => {
    const calls = options.recorder.calls(options.service);
    return { count: calls.length, calls };
  });
  app.delete(`${CONTROL_PREFIX}calls`, (_request, reply) => {
    options.recorder.reset(options.service);
    options.inFlight?.resetMax();
    return reply.code(204).send();
  });
  app.get(
    `${CONTROL_PREFIX}in-flight`,
    () => options.inFlight?.snapshot() ?? { current: 0, max: 0 },
  );
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function statusOf(error: unknown): number {
  if (error instanceof BadRequest) return 400;
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const { statusCode } = error;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600) return statusCode;
  }
  return 500;
}
