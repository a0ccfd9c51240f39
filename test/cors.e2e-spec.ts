import type { IncomingHttpHeaders } from 'node:http';
import { BffHarness, startBff, useBff } from './support/bff-harness';
import { rawRequest } from './support/raw-http';
import { ROUTES } from './support/routes';

const HYBRID = 'https://hybrid.shop.example';
const HELP = 'https://help.shop.example';
const STRANGER = 'https://evil.example';
const ANON_LIMIT = 2;

const corsHeadersOf = (headers: IncomingHttpHeaders) =>
  Object.keys(headers).filter((name) => name.startsWith('access-control-'));

/** A comma-separated header as a lower-case list. */
const listOf = (value: string | string[] | undefined) =>
  String(value ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .filter(Boolean);

/** What a browser sends before a cross-origin call with an Authorization header. */
const preflightHeaders = (origin: string, method = 'GET') => ({
  origin,
  'access-control-request-method': method,
  'access-control-request-headers': 'authorization,x-display-scale',
});

describe('CORS', () => {
  describe('without CORS_ORIGINS (the default)', () => {
    const suite = useBff();

    it('adds no CORS header to any answer, whatever the Origin', async () => {
      const answer = await rawRequest(`${suite.bff.baseUrl}${ROUTES.home('ios')}`, {
        headers: { origin: HYBRID, authorization: `Bearer ${suite.token}` },
      });
      expect(answer.status).toBe(200);
      expect(corsHeadersOf(answer.headers)).toEqual([]);
      expect(listOf(answer.headers.vary)).not.toContain('origin');
    });

    it('answers a preflight as any OPTIONS: 405 with Allow, no CORS header', async () => {
      const preflight = await rawRequest(`${suite.bff.baseUrl}${ROUTES.home('ios')}`, {
        method: 'OPTIONS',
        headers: preflightHeaders(HYBRID),
      });
      expect(preflight.status).toBe(405);
      expect(listOf(preflight.headers.allow).sort()).toEqual(['get', 'head']);
      expect(corsHeadersOf(preflight.headers)).toEqual([]);
    });
  });

  describe('with CORS_ORIGINS', () => {
    const suite = useBff({
      CORS_ORIGINS: `${HYBRID},${HELP}`,
      RATE_LIMIT_ANON_PER_MIN: String(ANON_LIMIT),
    });
    const call = (
      path: string,
      options: { method?: string; headers?: Record<string, string>; from?: string } = {},
    ) =>
      rawRequest(`${suite.bff.baseUrl}${path}`, {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        localAddress: options.from,
      });

    it('answers preflights from a listed origin: 204, methods, headers, max-age', async () => {
      for (const origin of [HYBRID, HELP]) {
        const preflight = await call(ROUTES.home('ios'), {
          method: 'OPTIONS',
          headers: preflightHeaders(origin),
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers['access-control-allow-origin']).toBe(origin);
        expect(listOf(preflight.headers['access-control-allow-methods'])).toEqual(
          expect.arrayContaining(['get', 'head', 'put', 'delete']),
        );
        expect(listOf(preflight.headers['access-control-allow-headers'])).toEqual(
          expect.arrayContaining([
            'authorization',
            'content-type',
            'if-none-match',
            'x-display-scale',
            'x-display-density',
            'x-app-version',
            'accept-language',
            'idempotency-key',
          ]),
        );
        expect(Number(preflight.headers['access-control-max-age'])).toBeGreaterThan(0);
        expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
        expect(listOf(preflight.headers.vary)).toContain('origin');
      }
    });

    it('answers preflights for device writes, with no token, never limited', async () => {
      const from = '127.0.0.31';
      const answers = [];
      for (let sent = 0; sent < ANON_LIMIT + 3; sent += 1) {
        answers.push(
          await call(ROUTES.device('android', `fcm:${'A1b2_C3d4-'.repeat(12)}`), {
            method: 'OPTIONS',
            headers: preflightHeaders(HYBRID, 'PUT'),
            from,
          }),
        );
      }
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 204));
      expect(answers.every((answer) => answer.headers['x-ratelimit-limit'] === undefined)).toBe(
        true,
      );
    });

    it('gives a preflight from any other origin no CORS header', async () => {
      const preflight = await call(ROUTES.home('ios'), {
        method: 'OPTIONS',
        headers: preflightHeaders(STRANGER),
      });
      expect(corsHeadersOf(preflight.headers)).toEqual([]);
      expect(preflight.status).toBe(405);
      expect(JSON.parse(preflight.body)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    });

    it('lets a listed origin read the answer and the headers a WebView needs', async () => {
      const answer = await call(ROUTES.home('ios'), {
        headers: { origin: HYBRID, authorization: `Bearer ${suite.token}` },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(HYBRID);
      expect(listOf(answer.headers['access-control-expose-headers'])).toEqual(
        expect.arrayContaining([
          'x-request-id',
          'x-ratelimit-limit',
          'x-ratelimit-remaining',
          'x-ratelimit-reset',
          'retry-after',
          'etag',
        ]),
      );
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
      // The screen's own Vary is added to the CORS one, not written over it.
      expect(listOf(answer.headers.vary)).toEqual(
        expect.arrayContaining(['origin', 'authorization', 'x-display-scale']),
      );
    });

    it('lets a listed origin read errors too (401 in the envelope)', async () => {
      const answer = await call(ROUTES.home('ios'), {
        headers: { origin: HYBRID },
        from: '127.0.0.32',
      });
      expect(answer.status).toBe(401);
      expect(answer.headers['access-control-allow-origin']).toBe(HYBRID);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    });

    it('tells any other origin, and callers without one, nothing about CORS', async () => {
      const callers: Array<Record<string, string>> = [{ origin: STRANGER }, {}];
      for (const headers of callers) {
        const answer = await call(ROUTES.config('android'), { headers, from: '127.0.0.33' });
        expect(answer.status).toBe(200);
        expect(corsHeadersOf(answer.headers)).toEqual([]);
        // Still Vary: Origin, so a shared cache never hands a listed origin this answer.
        expect(listOf(answer.headers.vary)).toContain('origin');
      }
    });
  });

  describe('with CORS_ALLOW_CREDENTIALS=true', () => {
    let bff: BffHarness;
    beforeAll(async () => {
      bff = await startBff({ CORS_ORIGINS: HYBRID, CORS_ALLOW_CREDENTIALS: 'true' });
    });
    afterAll(() => bff.close());

    it('allows credentials for the listed origin only', async () => {
      const url = `${bff.baseUrl}${ROUTES.config('ios')}`;
      const preflight = await rawRequest(url, {
        method: 'OPTIONS',
        headers: preflightHeaders(HYBRID),
      });
      const listed = await rawRequest(url, { headers: { origin: HYBRID } });
      const other = await rawRequest(url, { headers: { origin: STRANGER } });
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      expect(listed.headers['access-control-allow-credentials']).toBe('true');
      expect(listed.headers['access-control-allow-origin']).toBe(HYBRID);
      expect(corsHeadersOf(other.headers)).toEqual([]);
    });
  });
});
