import type { onRequestHookHandler } from 'fastify';
import { ValidationFailedError } from '@app/errors';

/**
 * onRequest: an HTTP/1.1 request must name its Host (RFC 9112, section 3.2). Node's own check is
 * off (http-limits.ts) because its 400 has no envelope; this one answers in it.
 */
export const requireHostHeader: onRequestHookHandler = (request, _reply, done) => {
  const { httpVersion } = request.raw;
  if (request.headers.host === undefined && httpVersion === '1.1') {
    return done(new ValidationFailedError([{ field: 'Host', issue: 'is required' }]));
  }
  done();
};
