import { once } from 'node:events';
import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

// The one raw-HTTP helper of the repository's tests: the demo's own specs import it from here,
// the e2e specs through test/support/raw-http.ts (an app may not import from test/).

export interface RawResponse {
  status: number;
  /** As Node parsed them: lower-case names, nothing added or decoded. */
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text. */
  body: string;
  /** The body's bytes exactly as sent (still compressed, if the server compressed them). */
  bytes: Buffer;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON (with `content-type: application/json` unless `headers` set one). */
  body?: unknown;
  /** Destroys the request after this long; it then rejects with code CLIENT_TIMEOUT. */
  timeoutMs?: number;
  /** The client's source address (e.g. another 127.x.y.z loopback address). */
  localAddress?: string;
  /** A connection pool to send it through; by default, a fresh connection for this request. */
  agent?: Agent;
}

/**
 * One request over a fresh connection (no keep-alive pool, unless `agent` is given), so tests see
 * exactly what the server did to the socket: errors keep their Node code (ECONNRESET for a reset).
 */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        agent: options.agent ?? false,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: bytes.toString(),
            bytes,
          });
        });
      },
    );
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })),
      );
    }
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET with the service token; parses the JSON body. */
export async function getJson(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await rawRequest(url, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return { status: response.status, body: JSON.parse(response.body) as unknown };
}

/**
 * Below HTTP, for the protocol-level cases (oversized or unfinished requests): writes `text` on a
 * fresh socket to `url`'s host and port, and resolves with everything read until the server closed
 * the connection, and how long after the write that was.
 */
export async function rawExchange(
  url: string,
  text: string,
): Promise<{ response: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port || 80), hostname.replace(/^\[(.*)\]$/, '$1'));
  await once(socket, 'connect');
  const started = performance.now();
  let response = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (response += chunk));
  socket.on('error', () => undefined);
  socket.write(text);
  await once(socket, 'close');
  return { response, closedAfterMs: performance.now() - started };
}
