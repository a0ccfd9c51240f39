import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { AppError, type ErrorCode, type ErrorEnvelope, isRetryable } from '@app/errors';
import { newTraceId } from '@app/telemetry';
import type { HeaderSet } from './security-headers';

/**
 * The methods an `Allow` header may list. OPTIONS is not probed: with CORS on, the plugin's
 * wildcard route takes it on every path, known or not.
 */
const PROBED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods some route serves at `url` (a concrete path); empty when no route matches it. */
export function allowedMethods(fastify: FastifyInstance, url: string): string[] {
  // On a path it cannot decode, the router "finds" its bad-URL handler for every method.
  if (!decodable(url)) return [];
  return PROBED_METHODS.filter((method) => {
    const route: unknown = fastify.findRoute({ method, url });
    return route !== null;
  });
}

function decodable(url: string): boolean {
  try {
    decodeURI(url.split('?', 1)[0]);
    return true;
  } catch {
    return false;
  }
}

/**
 * preHandler: a request no route took (Fastify's not-found handler, TRACE included) on a path that
 * other methods serve is a 405 with `Allow`, in the envelope; elsewhere it stays a 404. Routed
 * requests pay one property read.
 */
export function methodNotAllowed(fastify: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (!request.is404) return done();
    const allowed = allowedMethods(fastify, request.url);
    // A path the method does serve (a missing static asset under a wildcard) stays a 404.
    if (allowed.length === 0 || allowed.includes(request.method)) return done();
    void reply.header('allow', allowed.join(', '));
    done(new AppError('METHOD_NOT_ALLOWED'));
  };
}

/**
 * Node gives CONNECT to a 'connect' listener instead of the router, and without one drops the
 * socket unanswered: answer it like any other method the path does not serve (405 on a route's
 * path, 404 for anything else, such as a tunnel's host:port), then close.
 */
export function refuseConnect(fastify: FastifyInstance, headers: HeaderSet): void {
  fastify.server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    const allowed = allowedMethods(fastify, request.url ?? '');
    const [code, status] =
      allowed.length > 0
        ? (['METHOD_NOT_ALLOWED', '405 Method Not Allowed'] as const)
        : (['NOT_FOUND', '404 Not Found'] as const);
    socket.end(
      rawAnswer(status, code, {
        ...headers,
        ...(allowed.length > 0 && { allow: allowed.join(', ') }),
      }),
    );
  });
}

function rawAnswer(status: string, code: ErrorCode, headers: HeaderSet): string {
  const { message } = new AppError(code);
  const envelope: ErrorEnvelope = {
    error: { code, message, traceId: newTraceId(), retryable: isRetryable(code) },
  };
  const body = JSON.stringify(envelope);
  const lines = Object.entries({
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    connection: 'close',
  }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status}\r\n${lines.join('')}\r\n${body}`;
}
