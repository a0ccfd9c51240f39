import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A client-sent id is kept only if it is short and plain enough to be safe in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Fastify's `genReqId`: the client's X-Request-Id when sane, else a new UUID (Node draws UUIDs
 * from a cached batch of random bytes, so this costs no system call per request).
 */
export function requestIdFor(raw: IncomingMessage): string {
  const sent = raw.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
}
