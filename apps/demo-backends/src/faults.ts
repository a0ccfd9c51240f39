import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type Fault =
  /** `retryAfterSec` adds a Retry-After header (delay-seconds); `delayMs` answers that late. */
  | { kind: 'status'; status: number; retryAfterSec?: number; delayMs?: number }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number }
  | { kind: 'non-json' }
  | { kind: 'reset' };

const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

/** The faults of one service, each limited to a path prefix ('' = every path). */
export class FaultTable {
  private readonly byPrefix = new Map<string, Fault>();

  set(fault: Fault, pathPrefix = ''): void {
    this.byPrefix.set(pathPrefix, fault);
  }

  clear(): void {
    this.byPrefix.clear();
  }

  /** The fault for a request path (no query); the longest matching prefix wins. */
  match(path: string): Fault | undefined {
    if (this.byPrefix.size === 0) return undefined;
    let best: { prefix: string; fault: Fault } | undefined;
    for (const [prefix, fault] of this.byPrefix) {
      if (
        matchesPrefix(path, prefix) &&
        (best === undefined || prefix.length > best.prefix.length)
      ) {
        best = { prefix, fault };
      }
    }
    return best?.fault;
  }
}

/** '/products' matches '/products' and '/products/p-1/reviews' but not '/productsX'. */
function matchesPrefix(path: string, prefix: string): boolean {
  if (prefix === '' || path === prefix) return true;
  if (!path.startsWith(prefix)) return false;
  return prefix.endsWith('/') || path.charAt(prefix.length) === '/';
}

/**
 * Applies a fault to a request from an onRequest hook. Returns true when the request is finished
 * (answered, hijacked or destroyed); false when it should go on normally (after a delay).
 * `closing` aborts delays when the server shuts down.
 */
export async function applyFault(
  fault: Fault,
  request: FastifyRequest,
  reply: FastifyReply,
  closing: AbortSignal,
): Promise<boolean> {
  switch (fault.kind) {
    case 'status':
      if (fault.delayMs !== undefined && !(await delayed(fault.delayMs, reply, closing)))
        return true;
      if (fault.retryAfterSec !== undefined) void reply.header('retry-after', fault.retryAfterSec);
      void reply.code(fault.status).send({ error: ERROR_CODES[fault.status] ?? 'injected_fault' });
      return true;
    case 'non-json':
      void reply.code(200).type('text/html; charset=utf-8').send('<html>oops</html>');
      return true;
    case 'hang':
      // Nothing is ever written; the socket stays open until the client gives up or the server
      // closes (forceCloseConnections destroys it then).
      reply.hijack();
      return true;
    case 'reset':
      reply.hijack();
      request.raw.socket.destroy();
      return true;
    case 'delay':
      return !(await delayed(fault.ms, reply, closing));
  }
}

/** Waits `ms`; false (the request hijacked) when the server closes meanwhile. */
async function delayed(ms: number, reply: FastifyReply, closing: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal: closing });
    return true;
  } catch {
    reply.hijack();
    return false;
  }
}

/** Validates a fault received as JSON (control endpoint); returns an error message when invalid. */
export function parseFault(body: unknown): { fault: Fault; path?: string } | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const { kind, status, ms, path, retryAfterSec, delayMs } = body as Record<string, unknown>;
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    return 'path must be a string starting with /';
  }
  const withPath = (fault: Fault): { fault: Fault; path?: string } =>
    typeof path === 'string' ? { fault, path } : { fault };
  switch (kind) {
    case 'status':
      if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) {
        return 'status must be an integer between 200 and 599';
      }
      for (const [name, value] of Object.entries({ retryAfterSec, delayMs })) {
        if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) {
          return `${name} must be a non-negative integer`;
        }
      }
      return withPath({
        kind,
        status: status as number,
        ...(retryAfterSec === undefined ? {} : { retryAfterSec: retryAfterSec as number }),
        ...(delayMs === undefined ? {} : { delayMs: delayMs as number }),
      });
    case 'delay':
      if (!Number.isInteger(ms) || (ms as number) < 0) return 'ms must be a non-negative integer';
      return withPath({ kind, ms: ms as number });
    case 'hang':
    case 'non-json':
    case 'reset':
      return withPath({ kind });
    default:
      return 'kind must be one of status, hang, delay, non-json, reset';
  }
}

/** Throws on an invalid fault given through the TypeScript API (a test bug, best found early). */
export function assertValidFault(fault: Fault, path?: string): void {
  const parsed = parseFault({ ...fault, path });
  if (typeof parsed === 'string') throw new TypeError(`Invalid fault: ${parsed}`);
}
