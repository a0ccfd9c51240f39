import type { DoneFuncWithErrOrRes, FastifyReply, FastifyRequest } from 'fastify';
import { matchesIfNoneMatch } from './etag';

/**
 * onSend: every answer that did not say how it may be cached says `no-store` (operational
 * endpoints, 404s for unknown routes, anything that is not a screen). Errors say so themselves.
 */
export function noStoreUnlessDeclared(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: DoneFuncWithErrOrRes,
): void {
  if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  done(null, payload);
}

/**
 * onSend: `304 Not Modified` when the client already holds the representation (Nest sets the
 * status after interceptors, so this cannot be decided earlier). The screen interceptor has
 * already set the ETag from its cached entry: nothing is hashed here.
 */
export function conditionalGet(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: DoneFuncWithErrOrRes,
): void {
  const etag = reply.getHeader('etag');
  if (
    reply.statusCode === 200 &&
    typeof etag === 'string' &&
    (request.method === 'GET' || request.method === 'HEAD') &&
    matchesIfNoneMatch(request.headers['if-none-match'], etag)
  ) {
    void reply.code(304);
    done(null, '');
    return;
  }
  done(null, payload);
}
