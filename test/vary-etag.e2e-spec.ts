import { useBff } from './support/bff-harness';
import { rawRequest, RawResponse } from './support/raw-http';
import { ROUTES } from './support/routes';

/** `Vary` as a lower-case list, each name once. */
const varyOf = (response: RawResponse) =>
  String(response.headers.vary ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .filter(Boolean);

const ENCODINGS = ['identity', 'gzip', 'br'] as const;

describe('Vary and ETags across content encodings', () => {
  const suite = useBff({ CACHE_SCREEN_TTL_MS: '10000' });
  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(`${suite.bff.baseUrl}${path}`, { headers });
  const withToken = (headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${suite.token}`,
    ...headers,
  });

  it.each([
    ['ios home', ROUTES.home('ios'), ['authorization', 'x-display-scale']],
    ['android home', ROUTES.home('android'), ['authorization', 'x-display-density']],
    ['android orders', ROUTES.orders('android'), ['authorization', 'x-display-density']],
    [
      'ios product',
      ROUTES.product('ios', 'p-202'),
      ['authorization', 'x-display-scale', 'accept-language'],
    ],
    ['android config', ROUTES.config('android'), ['x-app-version']],
  ])(
    '%s names every header that changes its body, Accept-Encoding included, in every encoding',
    async (_name, path, headers) => {
      for (const encoding of ENCODINGS) {
        const response = await get(path, withToken({ 'accept-encoding': encoding }));
        expect([encoding, response.status]).toEqual([encoding, 200]);
        const vary = varyOf(response);
        expect([encoding, vary.sort()]).toEqual([encoding, [...headers, 'accept-encoding'].sort()]);
      }
    },
  );

  it('names Accept-Encoding on an answer too small to compress', async () => {
    const config = await get(ROUTES.config('ios'), { 'accept-encoding': 'br' });
    expect(config.headers['content-encoding']).toBeUndefined();
    expect(varyOf(config)).toContain('accept-encoding');
  });

  it('gives a 304 the Vary of the 200 it stands for', async () => {
    const first = await get(ROUTES.home('ios'), withToken({ 'accept-encoding': 'gzip' }));
    const notModified = await get(
      ROUTES.home('ios'),
      withToken({ 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) }),
    );
    expect(notModified.status).toBe(304);
    expect(varyOf(notModified).sort()).toEqual(varyOf(first).sort());
  });

  it('sends a weak ETag, so no cache takes one encoding for another byte for byte', async () => {
    const answers = [];
    for (const encoding of ENCODINGS) {
      answers.push(await get(ROUTES.home('ios'), withToken({ 'accept-encoding': encoding })));
    }
    expect(answers.map((answer) => answer.headers['content-encoding'])).toEqual([
      undefined,
      'gzip',
      'br',
    ]);
    const etags = answers.map((answer) => String(answer.headers.etag));
    for (const etag of etags) expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    // The same content: the same weak tag, whatever the bytes on the wire.
    expect(new Set(etags).size).toBe(1);
  });

  it.each(ENCODINGS)(
    'answers 304 to the weak tag, and to its strong form an older app holds (%s)',
    async (encoding) => {
      const { headers } = await get(ROUTES.home('android'), withToken());
      const weak = String(headers.etag);
      expect(weak).toMatch(/^W\//);
      for (const tag of [weak, weak.replace(/^W\//, '')]) {
        const response = await get(
          ROUTES.home('android'),
          withToken({ 'accept-encoding': encoding, 'if-none-match': tag }),
        );
        expect([tag, response.status, response.headers.etag]).toEqual([tag, 304, weak]);
      }
    },
  );
});
