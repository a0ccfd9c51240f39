import {
  IncomingHttpHeaders,
  IncomingMessage,
  Server,
  ServerResponse,
  createServer,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContractRoutes } from './downstream-double-routes';

/**
 * A second, independent implementation of the downstream contract (users, orders, catalog,
 * notifications, config), for benchmarks and tests: plain `node:http`, because the benchmark
 * measures the BFF and every microsecond spent here is noise. This module is the servers, the
 * service-token check, the overrides and the counters; the endpoints are in
 * `downstream-double-routes`, the payloads in `downstream-double-data`.
 */

export const DOUBLE_SERVICES = ['users', 'orders', 'catalog', 'notifications', 'config'] as const;
export type DoubleService = (typeof DOUBLE_SERVICES)[number];

export interface DoubleRequest {
  method: string;
  /** Without the query string, not decoded. */
  path: string;
  /** First value per name, decoded (so `ids=a%2Cb` and `ids=a,b` read the same). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
}

export interface DoubleResponse {
  status: number;
  /** An object is sent as JSON; a string is sent as it is (e.g. a malformed payload). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type DoubleHandler = (request: DoubleRequest) => DoubleResponse | Promise<DoubleResponse>;

export interface DownstreamDouble {
  readonly urls: Record<DoubleService, string>;
  readonly serviceToken: string;
  /** Answers requests whose path starts with `pathPrefix` (longest prefix wins); null removes it. */
  override(service: DoubleService, pathPrefix: string, handler: DoubleHandler | null): void;
  /** Requests received (all services when none is named), rejected and overridden ones included. */
  calls(service?: DoubleService): number;
  /** Response body bytes written. */
  bytesSent(service?: DoubleService): number;
  /** TCP connections accepted since the start (all services when none is named). */
  connectionsOpened(service?: DoubleService): number;
  resetCounters(): void;
  /** Also cuts connections held by hanging handlers. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** Longer than any client's idle timeout: a server closing a pooled socket makes spurious resets. */
const KEEP_ALIVE_MS = 65_000;

export async function startDownstreamDouble(
  options: { serviceToken?: string; host?: string; basePath?: string } = {},
): Promise<DownstreamDouble> {
  const serviceToken = options.serviceToken ?? 'bench-service-token';
  const host = options.host ?? '127.0.0.1';
  // Services mounted under a path (e.g. behind a gateway): their URLs include it.
  const basePath = options.basePath ?? '';
  const routes = createContractRoutes();
  const overrides = new Map<DoubleService, Map<string, DoubleHandler>>();
  const counters = new Map<DoubleService, { calls: number; bytes: number }>();
  const resetCounters = () =>
    DOUBLE_SERVICES.forEach((s) => counters.set(s, { calls: 0, bytes: 0 }));
  resetCounters();

  const handle = async (service: DoubleService, request: DoubleRequest) => {
    if (!request.path.startsWith(`${basePath}/`))
      return { status: 404, body: { error: 'not_found' } };
    const local = { ...request, path: request.path.slice(basePath.length) };
    if (local.headers.authorization !== `Bearer ${serviceToken}`) {
      return { status: 401, body: { error: 'unauthorized' } };
    }
    const handler = overrideFor(overrides.get(service), local.path);
    return handler ? handler(local) : routes[service](local);
  };

  const servers = await Promise.all(
    DOUBLE_SERVICES.map((service) =>
      listen(host, (req, res) => {
        const counter = counters.get(service)!;
        counter.calls += 1;
        void readRequest(req)
          .then((request) => handle(service, request))
          .catch((): DoubleResponse => ({ status: 500, body: { error: 'double_failed' } }))
          .then((response) => {
            counter.bytes += send(res, response);
          })
          // A handler's unusable answer (e.g. an invalid header) must not take the double down.
          .catch(() => res.destroy());
      }),
    ),
  );
  const urls = Object.fromEntries(
    DOUBLE_SERVICES.map((service, i) => [service, urlOf(host, servers[i]) + basePath]),
  ) as Record<DoubleService, string>;
  const sum = (field: 'calls' | 'bytes', service?: DoubleService) =>
    service
      ? counters.get(service)![field]
      : [...counters.values()].reduce((total, c) => total + c[field], 0);

  return {
    urls,
    serviceToken,
    override(service, pathPrefix, handler) {
      const byPrefix = overrides.get(service) ?? new Map<string, DoubleHandler>();
      if (handler) byPrefix.set(pathPrefix, handler);
      else byPrefix.delete(pathPrefix);
      overrides.set(service, byPrefix);
    },
    calls: (service) => sum('calls', service),
    bytesSent: (service) => sum('bytes', service),
    connectionsOpened: (service) =>
      (service ? [servers[DOUBLE_SERVICES.indexOf(service)]] : servers).reduce(
        (total, server) => total + (connectionCounts.get(server) ?? 0),
        0,
      ),
    resetCounters,
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}

function overrideFor(byPrefix: Map<string, DoubleHandler> | undefined, path: string) {
  let best: { prefix: string; handler: DoubleHandler } | undefined;
  for (const [prefix, handler] of byPrefix ?? []) {
    if (path.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) {
      best = { prefix, handler };
    }
  }
  return best?.handler;
}

/** Reads a body only for methods that carry one: GETs go straight to their handler. */
async function readRequest(req: IncomingMessage): Promise<DoubleRequest> {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const query: Record<string, string> = {};
  if (queryStart >= 0) {
    for (const [name, value] of new URLSearchParams(url.slice(queryStart + 1))) {
      query[name] ??= value;
    }
  }
  let body: unknown;
  if (req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    body = text === '' ? undefined : parseOrRaw(text);
  } else {
    req.resume();
  }
  return { method: req.method ?? 'GET', path, query, headers: req.headers, body };
}

function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Writes the response; returns the body bytes sent. */
function send(res: ServerResponse, response: DoubleResponse): number {
  if (res.destroyed) return 0;
  const payload =
    response.body === undefined || response.status === 204 || response.status === 304
      ? ''
      : typeof response.body === 'string'
        ? response.body
        : JSON.stringify(response.body);
  const bytes = Buffer.byteLength(payload);
  res.writeHead(response.status, {
    'content-type': JSON_TYPE,
    'content-length': String(bytes),
    ...response.headers,
  });
  res.end(payload);
  return bytes;
}

const connectionCounts = new WeakMap<Server, number>();

function listen(host: string, onRequest: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(onRequest);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.on('connection', () =>
    connectionCounts.set(server, (connectionCounts.get(server) ?? 0) + 1),
  );
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function urlOf(host: string, server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
