import { useBff } from './support/bff-harness';
import { rawExchange, rawRequest, RawResponse } from './support/raw-http';
import { ROUTES } from './support/routes';

const APNS_TOKEN = 'ab'.repeat(32);
/** A request header a TRACE echo would give back. */
const MARKER = 'marker-7f3a9c';

/** The methods an `Allow` header lists, in any order. */
const allowOf = (response: RawResponse) =>
  String(response.headers.allow ?? '')
    .split(/\s*,\s*/)
    .sort();

function expectEnvelope(response: RawResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(JSON.parse(response.body)).toEqual({
    error: {
      code,
      message: expect.any(String),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      retryable: false,
    },
  });
}

/** The answer of a raw exchange: its status line, headers and body. */
function parseExchange(response: string) {
  const [head, body] = [
    response.slice(0, response.indexOf('\r\n\r\n')),
    response.slice(response.indexOf('\r\n\r\n') + 4),
  ];
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { statusLine, headers, body };
}

describe('Methods a route does not support', () => {
  const suite = useBff();
  const send = (method: string, path: string, headers: Record<string, string> = {}) =>
    rawRequest(`${suite.bff.baseUrl}${path}`, { method, headers });

  it.each([
    ['DELETE', ROUTES.home('ios'), ['GET', 'HEAD']],
    ['POST', ROUTES.homeV2('android'), ['GET', 'HEAD']],
    ['PUT', ROUTES.orders('ios'), ['GET', 'HEAD']],
    ['PATCH', ROUTES.order('android', 'o-1001-1'), ['GET', 'HEAD']],
    ['GET', ROUTES.device('ios', APNS_TOKEN), ['DELETE', 'PUT']],
    ['POST', ROUTES.device('ios', APNS_TOKEN), ['DELETE', 'PUT']],
    ['POST', ROUTES.health.live, ['GET', 'HEAD']],
    ['DELETE', ROUTES.metrics, ['GET', 'HEAD']],
  ])('%s %s: 405 METHOD_NOT_ALLOWED with Allow: %j', async (method, path, allowed) => {
    const response = await send(method, path);
    expectEnvelope(response, 405, 'METHOD_NOT_ALLOWED');
    expect(allowOf(response)).toEqual(allowed);
  });

  it('needs no token to say so, and a token changes nothing', async () => {
    const response = await send('DELETE', ROUTES.home('ios'), {
      authorization: `Bearer ${suite.token}`,
    });
    expectEnvelope(response, 405, 'METHOD_NOT_ALLOWED');
  });

  it('still answers 404 NOT_FOUND, without Allow, on paths no route serves', async () => {
    for (const method of ['GET', 'DELETE', 'POST']) {
      const response = await send(method, '/ios/v1/no-such-screen');
      expectEnvelope(response, 404, 'NOT_FOUND');
      expect(response.headers.allow).toBeUndefined();
    }
  });

  it('answers 404, not 405, for a missing file under a path its method serves', async () => {
    const response = await send('GET', '/docs/no-such-asset.js');
    expectEnvelope(response, 404, 'NOT_FOUND');
    expect(response.headers.allow).toBeUndefined();
  });

  it('keeps HEAD working on GET routes', async () => {
    const response = await send('HEAD', ROUTES.home('ios'), {
      authorization: `Bearer ${suite.token}`,
    });
    expect(response.status).toBe(200);
    expect(response.bytes).toHaveLength(0);
    expect(response.headers.etag).toBeDefined();
  });

  it('never echoes TRACE: 405 on a route, 404 elsewhere, both in the envelope', async () => {
    const onRoute = await send('TRACE', ROUTES.home('ios'), {
      'x-marker': MARKER,
      authorization: `Bearer ${suite.token}`,
    });
    expectEnvelope(onRoute, 405, 'METHOD_NOT_ALLOWED');
    expect(allowOf(onRoute)).toEqual(['GET', 'HEAD']);
    const elsewhere = await send('TRACE', '/no-such-path', { 'x-marker': MARKER });
    expectEnvelope(elsewhere, 404, 'NOT_FOUND');
    for (const response of [onRoute, elsewhere]) {
      expect(response.body).not.toContain(MARKER);
      expect(response.body).not.toContain(suite.token);
      expect(response.headers['content-type']).not.toMatch(/message\/http/);
    }
  });

  it('answers CONNECT in the envelope instead of dropping the connection', async () => {
    const onRoute = parseExchange(
      (
        await rawExchange(
          suite.bff.baseUrl,
          `CONNECT ${ROUTES.home('ios')} HTTP/1.1\r\nHost: bff\r\nX-Marker: ${MARKER}\r\n\r\n`,
        )
      ).response,
    );
    expect(onRoute.statusLine).toMatch(/^HTTP\/1\.1 405 /);
    expect(onRoute.headers.allow?.split(/\s*,\s*/).sort()).toEqual(['GET', 'HEAD']);
    expect(JSON.parse(onRoute.body)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });

    const tunnel = parseExchange(
      (
        await rawExchange(
          suite.bff.baseUrl,
          `CONNECT users.internal:443 HTTP/1.1\r\nHost: users.internal:443\r\nX-Marker: ${MARKER}\r\n\r\n`,
        )
      ).response,
    );
    expect(tunnel.statusLine).toMatch(/^HTTP\/1\.1 404 /);
    expect(JSON.parse(tunnel.body)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    for (const answer of [onRoute, tunnel]) {
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.body).not.toContain(MARKER);
      expect(answer.body).not.toContain('users.internal');
    }
  });

  it('refuses TRACK, which Node does not parse, in the envelope without echoing it', async () => {
    const { response } = await rawExchange(
      suite.bff.baseUrl,
      `TRACK ${ROUTES.home('ios')} HTTP/1.1\r\nHost: bff\r\nX-Marker: ${MARKER}\r\n\r\n`,
    );
    const answer = parseExchange(response);
    expect(answer.statusLine).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(response).not.toContain(MARKER);
  });
});
