import type { Server } from 'node:http';
import Fastify from 'fastify';
import { httpLimits } from '../apps/bff/src/http-limits';
import { BffHarness, startBff } from './support/bff-harness';
import { rawExchange, rawRequest } from './support/raw-http';
import { ROUTES } from './support/routes';

function envelopeOf(response: string): { error: { code: string; traceId: string } } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as {
    error: { code: string; traceId: string };
  };
}

describe('HTTP limits', () => {
  let bff: BffHarness;

  beforeAll(async () => {
    bff = await startBff({
      BODY_LIMIT_BYTES: '2048',
      HTTP_REQUEST_TIMEOUT_MS: '300',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '61000',
      HTTP_MAX_HEADER_BYTES: '4096',
    });
  });
  afterAll(() => bff.close());

  it('applies every limit to the Fastify instance and its Node server', () => {
    const fastify = bff.app.getHttpAdapter().getInstance();
    expect(fastify.initialConfig).toMatchObject({
      bodyLimit: 2048,
      requestTimeout: 300,
      keepAliveTimeout: 61_000,
      connectionTimeout: 61_000,
      forceCloseConnections: 'idle',
    });
    expect(fastify.initialConfig.routerOptions?.maxParamLength).toBe(5_000);
    const server = bff.app.getHttpServer();
    expect(server.keepAliveTimeout).toBe(61_000);
    expect(server.requestTimeout).toBe(300);
    expect(server.headersTimeout).toBeLessThanOrEqual(server.requestTimeout);
    expect((server as Server & { maxHeaderSize?: number }).maxHeaderSize).toBe(4096);
  });

  it('refuses a body above BODY_LIMIT_BYTES with 413 PAYLOAD_TOO_LARGE, counted and closing', async () => {
    const response = await rawRequest(`${bff.baseUrl}${ROUTES.device('ios', 'a'.repeat(64))}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await bff.token()}`, 'content-type': 'application/json' },
      body: { padding: 'x'.repeat(4096) },
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    // Answered after the limiter, like every other refusal; the unread rest ends the connection.
    expect(response.headers['x-ratelimit-remaining']).toBeDefined();
    expect(response.headers.connection).toBe('close');
  });

  it('answers oversized headers with 431 in the envelope, then closes', async () => {
    const { response } = await rawExchange(
      bff.baseUrl,
      `GET ${ROUTES.health.live} HTTP/1.1\r\nHost: bff\r\nX-Big: ${'a'.repeat(8192)}\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(envelopeOf(response)).toMatchObject({
      error: { code: 'VALIDATION_FAILED', traceId: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
  });

  it('answers HEAD with oversized headers without a body', async () => {
    const { response } = await rawExchange(
      bff.baseUrl,
      `HEAD ${ROUTES.health.live} HTTP/1.1\r\nHost: bff\r\nX-Big: ${'a'.repeat(8192)}\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(response.endsWith('\r\n\r\n')).toBe(true);
  });

  it('answers a path it cannot decode with 400 in the envelope, echoing nothing', async () => {
    const { response } = await rawExchange(
      bff.baseUrl,
      'GET /ios/v1/orders/%C0%AE%C0%AE HTTP/1.1\r\nHost: bff\r\nConnection: close\r\n\r\n',
    );
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(envelopeOf(response)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(response).not.toMatch(/%C0|FST_/);
  });

  it('answers an HTTP/1.1 request without Host with 400 in the envelope', async () => {
    const { response } = await rawExchange(
      bff.baseUrl,
      `GET ${ROUTES.health.live} HTTP/1.1\r\nConnection: close\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(envelopeOf(response)).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ field: 'Host', issue: 'is required' }] },
    });
  });

  it.each(['json', '', 'é'])(
    'refuses a body with the malformed Content-Type %j after the limiter (415)',
    async (contentType) => {
      const response = await rawRequest(`${bff.baseUrl}${ROUTES.device('ios', 'a'.repeat(64))}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${await bff.token()}`, 'content-type': contentType },
        body: '{}',
      });
      expect(response.status).toBe(415);
      expect(JSON.parse(response.body)).toMatchObject({
        error: { code: 'UNSUPPORTED_MEDIA_TYPE' },
      });
      expect(response.headers['x-ratelimit-remaining']).toBeDefined();
    },
  );

  it('cuts off a client that stops sending its headers after the request timeout (408)', async () => {
    const { response, closedAfterMs } = await rawExchange(
      bff.baseUrl,
      `GET ${ROUTES.health.live} HTTP/1.1\r\nHost: b`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(envelopeOf(response)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(closedAfterMs).toBeLessThan(1_500);
  });

  it('routes a 4096-character push token, the FCM maximum, as a path parameter', async () => {
    // No BFF route takes a push token yet: the same options on a bare Fastify with such a route.
    // The default 16 KiB header limit: Node counts the request line (URL) in it too.
    const app = Fastify(httpLimits({ ...bff.config.http, maxHeaderBytes: 16_384 }));
    app.get<{ Params: { pushToken: string } }>('/devices/:pushToken', (request) => ({
      length: request.params.pushToken.length,
    }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const fcm = await rawRequest(`${url}/devices/${'a'.repeat(4096)}`);
      expect(JSON.parse(fcm.body)).toEqual({ length: 4096 });
      const tooLong = await rawRequest(
        `${url}/devices/${'a'.repeat(bff.config.http.maxParamLength + 1)}`,
      );
      // In the envelope, not Fastify's own answer (which echoes the path).
      expect(tooLong.status).toBe(400);
      expect(JSON.parse(tooLong.body)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      expect(tooLong.body).not.toContain('aaaa');
    } finally {
      await app.close();
    }
  });
});
