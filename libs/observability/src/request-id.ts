import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A client-sent id is kept only if it is short and plain enough to be safe in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Fastify's `genReqId`: the client's X-Request-Id when sane, else a new UUID. It is also set on
 * the raw request, where pino-http (which sees only the raw request) picks it up.
 */
export function requestIdFor(raw: IncomingMessage): string {
  const sent = raw.headers[REQUEST_ID_HEADER];
  const id = typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
  (raw as { id?: string }).id = id;
  return id;
}
