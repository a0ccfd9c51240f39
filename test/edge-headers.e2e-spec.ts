import { BffHarness, startBff, useBff } from './support/bff-harness';
import { rawRequest, RawResponse } from './support/raw-http';
import { ROUTES } from './support/routes';

const ONE_YEAR_SEC = 31_536_000;
const ANON_LIMIT = 2;

/** A CSP header as directive name → sources, whatever its spacing. */
function policyOf(response: RawResponse): Record<string, string[]> {
  const header = String(response.headers['content-security-policy'] ?? '');
  return Object.fromEntries(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Helmet headers that mean nothing to a JSON client, each a few dozen bytes on every answer. */
const NOT_FOR_JSON = [
  'x-powered-by',
  'x-frame-options',
  'x-xss-protection',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'origin-agent-cluster',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
];

function expectApiSecurityHeaders(response: RawResponse, label: string): void {
  const { headers } = response;
  expect([label, headers['strict-transport-security']]).toEqual([
    label,
    `max-age=${ONE_YEAR_SEC}; includeSubDomains`,
  ]);
  expect([label, headers['x-content-type-options']]).toEqual([label, 'nosniff']);
  expect([label, headers['referrer-policy']]).toEqual([label, 'no-referrer']);
  expect([label, policyOf(response)]).toEqual([
    label,
    { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
  ]);
  expect([label, NOT_FOR_JSON.filter((name) => headers[name] !== undefined)]).toEqual([label, []]);
}

describe('Security headers at the edge', () => {
  const suite = useBff({
    HSTS_MAX_AGE_SEC: String(ONE_YEAR_SEC),
    RATE_LIMIT_ANON_PER_MIN: String(ANON_LIMIT),
  });
  const get = (path: string, headers: Record<string, string> = {}, from?: string) =>
    rawRequest(`${suite.bff.baseUrl}${path}`, { headers, localAddress: from });
  const withToken = (headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${suite.token}`,
    ...headers,
  });

  it('puts the JSON API set on a screen: HSTS, nosniff, CSP, Referrer-Policy, nothing else', async () => {
    const home = await get(ROUTES.home('ios'), withToken());
    expect(home.status).toBe(200);
    expectApiSecurityHeaders(home, 'home');
  });

  it('puts the same set on errors, 304s and operational answers', async () => {
    const home = await get(ROUTES.home('ios'), withToken());
    const answers: Array<[string, RawResponse]> = [
      [
        '304',
        await get(ROUTES.home('ios'), withToken({ 'if-none-match': String(home.headers.etag) })),
      ],
      ['404', await get('/ios/v1/no-such-screen')],
      ['401', await get(ROUTES.home('android'), {}, '127.0.0.21')],
      ['405', await rawRequest(`${suite.bff.baseUrl}${ROUTES.home('ios')}`, { method: 'DELETE' })],
      ['400', await get(ROUTES.home('ios'), withToken({ 'x-display-scale': '7' }))],
      ['live', await get(ROUTES.health.live)],
      ['metrics', await get(ROUTES.metrics)],
    ];
    const statuses = answers.map(([label, response]) => [label, response.status]);
    expect(statuses).toEqual([
      ['304', 304],
      ['404', 404],
      ['401', 401],
      ['405', 405],
      ['400', 400],
      ['live', 200],
      ['metrics', 200],
    ]);
    for (const [label, response] of answers) expectApiSecurityHeaders(response, label);
  });

  it('puts it on a 429 too', async () => {
    const from = '127.0.0.22';
    let response = await get(ROUTES.home('ios'), {}, from);
    for (let sent = 1; response.status !== 429 && sent <= ANON_LIMIT; sent += 1) {
      response = await get(ROUTES.home('ios'), {}, from);
    }
    expect(response.status).toBe(429);
    expectApiSecurityHeaders(response, '429');
  });

  it('gives the Swagger UI a policy that lets it run from the BFF alone', async () => {
    for (const path of [
      ROUTES.docs.ui(),
      ROUTES.docs.ui('ios'),
      `${ROUTES.docs.ui()}/swagger-ui.css`,
    ]) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 200]);
      const policy = policyOf(response);
      expect([path, policy]).toEqual([
        path,
        expect.objectContaining({
          'default-src': ["'none'"],
          'script-src': ["'self'"],
          'connect-src': ["'self'"],
          'frame-ancestors': ["'none'"],
        }),
      ]);
      // Swagger UI styles elements inline and draws icons from data: URLs; nothing from outside.
      expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
      expect(policy['img-src']).toEqual(["'self'", 'data:']);
      const sources = Object.values(policy).flat();
      expect(sources.filter((source) => /^https?:|^\*/.test(source))).toEqual([]);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toBeDefined();
    }
  });

  describe('with HSTS_MAX_AGE_SEC=0', () => {
    let bff: BffHarness;
    beforeAll(async () => {
      bff = await startBff({ HSTS_MAX_AGE_SEC: '0' }, { backends: suite.bff.backends });
    });
    afterAll(() => bff.close());

    it('sends no Strict-Transport-Security, and the rest as before', async () => {
      for (const path of [ROUTES.health.live, ROUTES.docs.ui()]) {
        const response = await rawRequest(`${bff.baseUrl}${path}`);
        expect([path, response.headers['strict-transport-security']]).toEqual([path, undefined]);
        expect([path, response.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
      }
    });
  });
});
