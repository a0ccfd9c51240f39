import type { FastifyRequest } from 'fastify';

/** Far above any real IdP token; longer headers are refused before any parsing. */
const MAX_HEADER_LENGTH = 8_192;
/** `Bearer <compact JWS>`: three non-empty base64url segments, nothing else. */
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * The request's bearer token, or undefined when the header is missing or garbled. The guard (for
 * the cache key) and passport-jwt (for verification) both use this, so they see the same token.
 */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH) return undefined;
  return BEARER.exec(header)?.[1];
}
