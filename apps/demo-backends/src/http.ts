import Fastify, { FastifyInstance, FastifyReply } from 'fastify';

/** Query strings as Fastify parses them: repeated keys become arrays. */
export type Query = Record<string, string | string[] | undefined>;

/** The first value of a query parameter. */
export function queryParam(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

export class BadRequest extends Error {}

/** An optional integer parameter within [min, max]; throws BadRequest otherwise. */
export function intParam(
  query: Query,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const raw = queryParam(query, name);
  if (raw === undefined || raw === '') return range.fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < range.min || value > range.max) {
    throw new BadRequest(`${name} must be an integer between ${range.min} and ${range.max}`);
  }
  return value;
}

export function requiredParam(query: Query, name: string): string {
  const value = queryParam(query, name);
  if (value === undefined || value === '') throw new BadRequest(`${name} is required`);
  return value;
}

export function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ error: 'not_found' });
}

/** Options shared by every demo server. */
export function createFastify(): FastifyInstance {
  return Fastify({
    logger: false,
    // Destroys hanging and keep-alive sockets on close(), so close() is always fast.
    forceCloseConnections: true,
    // FCM registration tokens (path parameters) may be up to 4096 characters long.
    routerOptions: { maxParamLength: 5_000 },
  });
}

/** `http://host:port` for a listening address; wildcard hosts are reached through loopback. */
export function baseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Listens, turning a failure (typically EADDRINUSE) into one line that names the server. */
export async function listen(
  app: FastifyInstance,
  host: string,
  port: number,
  name: string,
): Promise<void> {
  try {
    await app.listen({ host, port });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = reason.includes('EADDRINUSE') ? ' (is the demo already running?)' : '';
    throw new Error(`The demo ${name} could not listen on ${host}:${port}: ${reason}${hint}`, {
      cause: error,
    });
  }
}
