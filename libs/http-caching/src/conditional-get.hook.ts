import type { FastifyInstance } from 'fastify';
import { matchesIfNoneMatch } from './etag';

/**
 * Answers `304 Not Modified` when the client already holds the representation. It runs at
 * onSend because Nest sets the status after interceptors; the body is already built by then, so
 * a 304 saves the client's bandwidth and parsing, not the BFF's work.
 */
export function registerConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const etag = reply.getHeader('etag');
    if (
      reply.statusCode === 200 &&
      typeof etag === 'string' &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      matchesIfNoneMatch(request.headers['if-none-match'], etag)
    ) {
      void reply.code(304);
      return '';
    }
    return payload;
  });
}
