import { once } from 'node:events';
import { createServer, Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@app/errors';
import { Listener, READINESS_ROUTE, servedOn } from './port-routes';

/**
 * ADMIN_PORT: a second listener for the operators' endpoints (/metrics, /docs*, readiness
 * details), so that a deployment exposes them to its internal network and never to phones. It is
 * a plain http.Server handing its requests to the same Fastify instance (`fastify.routing`), so
 * every hook, guard and filter runs as on the public listener; requests are told apart by the
 * socket they arrived on.
 */
class AdminListener {
  readonly server: Server;
  private readonly sockets = new WeakSet<Socket>();

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly port: number,
    httpOptions: ServerOptions,
  ) {
    this.server = createServer(httpOptions, (request, response) =>
      fastify.routing(request, response),
    );
    this.server.on('connection', (socket: Socket) => this.sockets.add(socket));
  }

  listenerOf(request: FastifyRequest): Listener {
    return this.sockets.has(request.socket) ? 'admin' : 'public';
  }

  async listen(host: string): Promise<void> {
    // Now that the pipeline has set up the public server completely.
    copyServerSetup(this.fastify.server, this.server);
    this.server.listen(this.port, host);
    await once(this.server, 'listening');
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * What is set on the public server after its creation (by Fastify: fastify/lib/server.js; and by
 * the pipeline): the admin listener gets its timeouts, its client-error handler (408/431
 * envelopes) and its answer to CONNECT, which Node keeps from the router.
 */
function copyServerSetup(from: Server, to: Server): void {
  to.keepAliveTimeout = from.keepAliveTimeout;
  to.requestTimeout = from.requestTimeout;
  to.headersTimeout = from.headersTimeout;
  to.maxRequestsPerSocket = from.maxRequestsPerSocket;
  to.setTimeout(from.timeout);
  for (const event of ['clientError', 'connect'] as const) {
    for (const listener of from.listeners(event)) {
      to.on(event, listener as (...args: unknown[]) => void);
    }
  }
}

const adminListeners = new WeakMap<NestFastifyApplication, AdminListener>();

/**
 * Splits the routes between the public listener and an admin listener on `port` (not listening
 * yet: see listenAdminPort). `httpOptions`: the public server's Node options (its limits), which
 * the admin one gets too.
 */
export function serveAdminPort(
  app: NestFastifyApplication,
  port: number,
  httpOptions: ServerOptions,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const admin = new AdminListener(fastify, port, httpOptions);
  adminListeners.set(app, admin);

  // What the listener does not serve answers as a route that does not exist: 404.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const path = request.routeOptions.url ?? request.url.split('?', 1)[0];
    done(servedOn(admin.listenerOf(request), path) ? undefined : new AppError('NOT_FOUND'));
  });
  // On the public listener, readiness says ok and nothing more (a 503 is the envelope anyway).
  fastify.addHook('preSerialization', (request, reply, payload: { status?: unknown }, done) => {
    const summarized =
      reply.statusCode < 300 &&
      request.routeOptions.url === READINESS_ROUTE &&
      admin.listenerOf(request) === 'public';
    done(null, summarized ? { status: payload.status } : payload);
  });
  // app.close() closes it too (after a graceful shutdown, which closed it already: a no-op).
  fastify.addHook('onClose', () => admin.close());
}

/** Starts the admin listener, if there is one, on the public listener's host. */
export async function listenAdminPort(app: NestFastifyApplication, host: string): Promise<void> {
  await adminListeners.get(app)?.listen(host);
}

/** The app's listeners: the public one, and the admin one when ADMIN_PORT is set. */
export function listenersOf(app: NestFastifyApplication): Server[] {
  const admin = adminListeners.get(app);
  return [app.getHttpServer(), ...(admin ? [admin.server] : [])];
}
