// The e2e specs' raw-HTTP helper is the demo's own (apps/demo-backends/src/testing/raw-http.ts):
// one implementation, which the demo's unit specs use too (an app may not import from test/).
// Answers it receives from a platform route are held to the platform's document, as the typed
// client's are.
import {
  rawRequest as demoRawRequest,
  RawRequestOptions,
  RawResponse,
} from '../../apps/demo-backends/src/testing/raw-http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { recordValidated, undocumented } from './openapi';

export {
  rawExchange,
  type RawRequestOptions,
  type RawResponse,
} from '../../apps/demo-backends/src/testing/raw-http';

export async function rawRequest(
  url: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const response = await demoRawRequest(url, options);
  // Answers without a request id never reached a route: Node's own protocol errors (408, 431).
  if (response.headers['x-request-id'] === undefined) return response;
  const method = options.method ?? 'GET';
  const { pathname } = new URL(url);
  const json = String(response.headers['content-type']).startsWith('application/json');
  const text = decoded(response);
  const body = json && text !== '' ? (JSON.parse(text) as unknown) : undefined;
  const problems = undocumented(method, pathname, { ...response, body });
  if (problems?.length) throw new Error(`undocumented answer:\n${problems.join('\n')}`);
  if (problems) recordValidated(method, pathname, response.status);
  return response;
}

/** The body as the server meant it: raw answers keep their brotli or gzip encoding. */
function decoded(response: RawResponse): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.bytes).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(response.bytes).toString('utf8');
  return response.body;
}
