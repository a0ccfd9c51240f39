import type { DoneFuncWithErrOrRes, FastifyReply, FastifyRequest } from 'fastify';

/** Lower case, as @fastify/compress writes it: it then sees the name and does not add it twice. */
const ACCEPT_ENCODING = 'accept-encoding';

/**
 * onSend, before compression: every answer varies with Accept-Encoding, also one sent
 * uncompressed (too small, or to a client accepting no encoding), since another request could get
 * the compressed variant. The compression plugin names it only on answers it compresses; without
 * it here, a cache would keep an uncompressed answer as the one for every client.
 */
export function varyOnAcceptEncoding(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: DoneFuncWithErrOrRes,
): void {
  const vary = reply.getHeader('vary');
  if (vary === undefined) void reply.header('vary', ACCEPT_ENCODING);
  else if (typeof vary === 'string' && !/accept-encoding/i.test(vary)) {
    void reply.header('vary', `${vary}, ${ACCEPT_ENCODING}`);
  }
  done(null, payload);
}
