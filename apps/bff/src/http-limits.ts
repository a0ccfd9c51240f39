import type { ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { AppConfig } from '@app/config';
import type { ErrorEnvelope } from '@app/errors';
import { newTraceId } from '@app/telemetry';

type HttpLimitOptions = Pick<
  FastifyServerOptions,
  | 'bodyLimit'
  | 'requestTimeout'
  | 'connectionTimeout'
  | 'keepAliveTimeout'
  | 'routerOptions'
  | 'return503OnClosing'
  | 'forceCloseConnections'
  | 'clientErrorHandler'
  | 'frameworkErrors'
> & { http: ServerOptions };

/** The Fastify adapter's limits, each set on purpose (config: libs/config, HTTP_* variables). */
export function httpLimits(http: AppConfig['http']): HttpLimitOptions {
  return {
    // Phones send small JSON bodies; anything larger is refused with 413 before it is buffered.
    bodyLimit: http.bodyLimitBytes,
    // Headers and body must have arrived within this: a slow (or malicious) client is cut off.
    requestTimeout: http.requestTimeoutMs,
    // A socket silent both ways this long (e.g. a client that stopped reading) is dropped.
    connectionTimeout: http.keepAliveTimeoutMs,
    // Above load balancers' idle timeouts (60 s), so they never reuse a socket we just closed.
    keepAliveTimeout: http.keepAliveTimeoutMs,
    // Push tokens are path parameters, and FCM tokens reach 4096 characters (default: 100).
    routerOptions: { maxParamLength: http.maxParamLength },
    // Once closing, a request arriving on a kept-alive socket gets 503 + `Connection: close`.
    return503OnClosing: true,
    // close() ends idle keep-alive sockets (so it returns) but lets in-flight requests finish.
    forceCloseConnections: 'idle',
    // Protocol errors Node answers itself (408, 431, 400) get the contract's envelope too.
    clientErrorHandler: answerClientError,
    // A path the router cannot decode, or a path parameter over maxParamLength: Fastify would
    // answer these itself, outside the envelope and echoing the path.
    frameworkErrors: answerUnroutablePath,
    http: {
      // Node would refuse an HTTP/1.1 request without Host with a bare 400; the pipeline answers
      // it instead, in the envelope (edge/host-header.ts).
      requireHostHeader: false,
      // Oversized header sections are refused with 431 by Node's parser, before Fastify runs
      // (the request line counts too: keep it well above maxParamLength).
      maxHeaderSize: http.maxHeaderBytes,
      // Node requires headersTimeout ≤ requestTimeout; the headers get the whole allowance.
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.requestTimeoutMs,
      // Node enforces the two timeouts above on this tick (default 30 s, far too coarse).
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(http.requestTimeoutMs / 4)),
    },
  };
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    message: 'The request took too long to arrive.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    message: 'The request headers are too large.',
  },
};
const BAD_REQUEST = { status: 400, reason: 'Bad Request', message: 'The request is not valid.' };

function clientErrorEnvelope(message: string): string {
  const envelope: ErrorEnvelope = {
    error: { code: 'VALIDATION_FAILED', message, traceId: newTraceId(), retryable: false },
  };
  return JSON.stringify(envelope);
}

/**
 * Runs before any hook, as no route was matched: answered like Node's own refusals below (the
 * envelope, no request id, since the request never reached a route).
 */
function answerUnroutablePath(_error: Error, _request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .code(BAD_REQUEST.status)
    .headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    .send(clientErrorEnvelope(BAD_REQUEST.message));
}

/**
 * Answers what Node's parser rejects before any route runs (no request object exists yet), in
 * the contract's envelope, then drops the socket: its stream can no longer be trusted.
 */
function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, reason, message } = CLIENT_ERRORS[error.code ?? ''] ?? BAD_REQUEST;
    const body = clientErrorEnvelope(message);
    // An answer to HEAD has no body (its length is still announced).
    const raw: unknown = error.rawPacket; // a Buffer from Node, whatever Fastify's types say
    const head = Buffer.isBuffer(raw) && raw.subarray(0, 5).toString('latin1') === 'HEAD ';
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n` +
        `Connection: close\r\n\r\n${head ? '' : body}`,
    );
  }
  socket.destroy(error);
}
