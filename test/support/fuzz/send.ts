import { IncomingHttpHeaders, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { rawExchange } from '../raw-http';
import type { FuzzRequest } from './fuzz-request';

/** An answer as the client saw it: `body` decoded from its content encoding. */
export interface FuzzAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Longer than any answer should take on loopback: past it, "no answer" is a finding. */
const ANSWER_TIMEOUT_MS = 5_000;

/**
 * Sends `fuzz` over a fresh connection, with no header added but Host, Connection and the body's
 * Content-Length, and
 * resolves with the answer; rejects when the server answered nothing (a reset, a timeout).
 */
export function send(baseUrl: string, fuzz: FuzzRequest): Promise<FuzzAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // Node's client sends a GET's or a DELETE's body without a length: give it one, or the body
    // reads as a next request.
    const length = fuzz.body === undefined ? {} : { 'content-length': fuzz.body.length };
    const outgoing = request(
      {
        host: hostname,
        port,
        method: fuzz.method,
        path: fuzz.target,
        headers: { ...fuzz.headers, ...length },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const encoding = incoming.headers['content-encoding'];
          try {
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: decoded(bytes, encoding),
            });
          } catch (error) {
            reject(new Error(`undecodable ${encoding} body`, { cause: error }));
          }
        });
      },
    );
    outgoing.setTimeout(ANSWER_TIMEOUT_MS, () => outgoing.destroy(new Error('no answer in time')));
    outgoing.on('error', (error) =>
      reject(new Error(`no answer Node's client could read: ${error.message}`, { cause: error })),
    );
    outgoing.end(fuzz.body);
  });
}

function decoded(bytes: Buffer, encoding: string | undefined): string {
  if (bytes.length === 0) return '';
  if (encoding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(bytes).toString('utf8');
  if (encoding === 'deflate') return inflateSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

/**
 * Writes `head` (a request line and headers, ending the header section with `Connection: close`)
 * on a raw socket, below what Node's client would agree to send, and parses what came back.
 * Undefined when the server closed the connection without answering.
 */
export async function sendRawHead(baseUrl: string, head: string): Promise<FuzzAnswer | undefined> {
  const { response } = await rawExchange(baseUrl, `${head}\r\nConnection: close\r\n\r\n`);
  const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(response);
  if (!match) return undefined;
  const headers: IncomingHttpHeaders = {};
  for (const line of match[2].split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  // The fuzz sends no Accept-Encoding here, and error answers have a Content-Length: the rest of
  // the stream is the body as it was meant.
  return { status: Number(match[1]), headers, body: match[3] };
}
