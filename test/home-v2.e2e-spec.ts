import { DoubleHarness, startBffOverDouble } from './support/double-harness';
import { BffHarness, startBff } from './support/bff-harness';
import { parsePrometheus, valueOf } from './support/metrics';
import { PLATFORMS, Platform, ROUTES } from './support/routes';
import { HOME_KEYS, HOME_V2_KEYS, keyPaths } from './support/shape';

const SUNSET = '2031-03-31T00:00:00Z';

/** Everything a v2 answer shows, said the v1 way: the same screen must be behind both. */
function asV1(v2: Record<string, unknown> & { meta: object; user: object }) {
  const { schemaVersion: _version, ...meta } = v2.meta as { schemaVersion: number };
  const { profileImageUrl, ...user } = v2.user as { profileImageUrl: string | null };
  return { ...v2, meta, user: { ...user, avatarUrl: profileImageUrl } };
}

/** The content a client compares (meta carries the trace id and the time of each answer). */
const content = ({ meta: _meta, ...rest }: Record<string, unknown>) => rest;

describe.each([
  ['the demo services', () => startBff({ API_V1_HOME_SUNSET: SUNSET })],
  [
    'another implementation of the downstream contract',
    () => startBffOverDouble({ API_V1_HOME_SUNSET: SUNSET }),
  ],
])('GET /{platform}/v2/home over %s', (_, start: () => Promise<BffHarness | DoubleHarness>) => {
  let bff: BffHarness | DoubleHarness;
  let userId: string;
  let token: string;

  beforeAll(async () => {
    bff = await start();
    userId = 'backends' in bff ? 'u-1001' : 'u-4242';
    token = await bff.token(userId);
  });
  afterAll(() => bff.close());

  describe.each(PLATFORMS)('%s', (platform: Platform) => {
    it('has exactly the v2 fields: profileImageUrl instead of avatarUrl, and schemaVersion 2', async () => {
      const response = await bff.client.homeV2(platform, { token });
      expect(response.status).toBe(200);
      expect(keyPaths(response.body)).toEqual(HOME_V2_KEYS);
      expect(response.body.meta.schemaVersion).toBe(2);
      expect(response.body.user.userId).toBe(userId);
    });

    it('shows the same screen as v1, the avatar under its new name', async () => {
      const [v1, v2] = await Promise.all([
        bff.client.home(platform, { token }),
        bff.client.homeV2(platform, { token }),
      ]);
      expect(keyPaths(v1.body)).toEqual(HOME_KEYS);
      expect(v2.body.user.profileImageUrl).toEqual(expect.any(String));
      expect(content(asV1(v2.body))).toEqual(content(v1.body));
    });

    it('v1 announces its deprecation, sunset and successor; v2 does not', async () => {
      const [v1, v2] = await Promise.all([
        bff.client.home(platform, { token }),
        bff.client.homeV2(platform, { token }),
      ]);
      expect(v1.headers.sunset).toBe(new Date(SUNSET).toUTCString());
      expect(v1.headers.deprecation).toMatch(/^@\d+$/);
      expect(v1.headers.link).toBe(`<${ROUTES.homeV2(platform)}>; rel="successor-version"`);
      for (const header of ['sunset', 'deprecation', 'link']) {
        expect(v2.headers[header]).toBeUndefined();
      }
    });

    it('answers 304 to its own ETag, and v1 and v2 never share one', async () => {
      const v1 = await bff.client.home(platform, { token });
      const v2 = await bff.client.homeV2(platform, { token });
      expect(v2.headers.etag).not.toBe(v1.headers.etag);
      const again = await bff.client.homeV2(platform, {
        token,
        headers: { 'If-None-Match': v2.headers.etag },
      });
      expect(again.status).toBe(304);
      const crossed = await bff.client.homeV2(platform, {
        token,
        headers: { 'If-None-Match': v1.headers.etag },
      });
      expect(crossed.status).toBe(200);
    });

    it('needs a valid token, like v1', async () => {
      const response = await bff.client.homeV2(platform);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    });
  });
});

describe('v1 and v2 home with the screen cache on', () => {
  let bff: BffHarness;
  beforeAll(async () => {
    bff = await startBff({ CACHE_SCREEN_TTL_MS: '30000' });
  });
  afterAll(() => bff.close());

  it.each(PLATFORMS)(
    '%s: a cached v1 body is never served on v2, nor a cached v2 body on v1',
    async (platform) => {
      const token = await bff.token('u-1002');
      const firstV1 = await bff.client.home(platform, { token });
      const firstV2 = await bff.client.homeV2(platform, { token });
      const secondV1 = await bff.client.home(platform, { token });
      const secondV2 = await bff.client.homeV2(platform, { token });
      for (const v1 of [firstV1, secondV1]) expect(keyPaths(v1.body)).toEqual(HOME_KEYS);
      for (const v2 of [firstV2, secondV2]) expect(keyPaths(v2.body)).toEqual(HOME_V2_KEYS);
      expect(secondV1.headers.etag).toBe(firstV1.headers.etag);
      expect(secondV2.headers.etag).toBe(firstV2.headers.etag);
    },
  );

  it('counts the answers per platform, screen and version in /metrics', async () => {
    const token = await bff.token('u-1003');
    const count = async (platform: Platform, version: string) =>
      valueOf(parsePrometheus((await bff.client.metrics()).text), 'screen_answers_total', {
        platform,
        screen: 'home',
        version,
      });
    const before = {
      iosV1: await count('ios', 'v1'),
      iosV2: await count('ios', 'v2'),
      androidV2: await count('android', 'v2'),
    };
    await bff.client.home('ios', { token });
    await bff.client.homeV2('ios', { token });
    await bff.client.homeV2('ios', { token });
    await bff.client.homeV2('android', { token });
    expect(await count('ios', 'v1')).toBe(before.iosV1 + 1);
    expect(await count('ios', 'v2')).toBe(before.iosV2 + 2);
    expect(await count('android', 'v2')).toBe(before.androidV2 + 1);
  });
});
