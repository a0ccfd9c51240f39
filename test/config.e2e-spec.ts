import Redis from 'ioredis';
import { BffHarness, startBff } from './support/bff-harness';
import { DoubleHarness, startBffOverDouble } from './support/double-harness';
import { downstream } from './support/downstream-oracle';
import { rawRequest } from './support/raw-http';
import { RedisServer, startRedisServer } from './support/redis';
import { connectedToRedis, redisKeys } from './support/shared-redis';
import { PLATFORMS, Platform } from './support/routes';
import { keyPaths } from './support/shape';

interface ServedConfig {
  minSupportedVersion: string;
  latestVersion: string;
  featureFlags: Record<string, unknown>;
  maintenance: { message: string; until?: string | null } | null;
  supportUrl?: string | null;
}

type Harness = BffHarness | DoubleHarness;

/** What config-service itself answers for a platform, read as the BFF would. */
async function servedConfig(bff: Harness, platform: Platform): Promise<ServedConfig> {
  if ('backends' in bff) {
    return downstream<ServedConfig>(bff.backends, 'config', `/config/mobile?platform=${platform}`);
  }
  const response = await rawRequest(
    `${bff.double.urls.config}/config/mobile?platform=${platform}`,
    {
      headers: { authorization: `Bearer ${bff.double.serviceToken}` },
    },
  );
  return JSON.parse(response.body) as ServedConfig;
}

/** The contract's answer for that config and an app below (or not below) the minimum. */
function expected(source: ServedConfig, forceUpdate: boolean) {
  return {
    minSupportedVersion: source.minSupportedVersion,
    latestVersion: source.latestVersion,
    forceUpdate,
    featureFlags: source.featureFlags,
    maintenance: source.maintenance
      ? { message: source.maintenance.message, until: source.maintenance.until ?? null }
      : null,
    supportUrl: source.supportUrl ?? null,
  };
}

/** One version below `version`'s minor (e.g. 4.2.0 → 4.1.0; 4.0.3 → 3.99.0). */
function below(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return minor > 0 ? `${major}.${minor - 1}.0` : `${major - 1}.99.0`;
}

describe.each([
  ['the demo services', () => startBff()],
  ['another implementation of the downstream contract', () => startBffOverDouble()],
])('GET /{platform}/v1/config over %s', (_, start: () => Promise<Harness>) => {
  let bff: Harness;
  beforeAll(async () => {
    bff = await start();
  });
  afterAll(() => bff.close());

  describe.each(PLATFORMS)('%s', (platform) => {
    it('answers anyone, without a token, with exactly the contract fields of its platform', async () => {
      const source = await servedConfig(bff, platform);
      const response = await bff.client.config(platform);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expected(source, false));
      const flags = Object.keys(source.featureFlags).map((flag) => `featureFlags.${flag}`);
      const maintenance = source.maintenance ? ['maintenance.message', 'maintenance.until'] : [];
      expect(keyPaths(response.body)).toEqual(
        [
          'featureFlags',
          ...flags,
          'forceUpdate',
          'latestVersion',
          'maintenance',
          ...maintenance,
          'minSupportedVersion',
          'supportUrl',
        ].sort(),
      );
    });

    it('tells an app below the minimum version to update, and no other', async () => {
      const source = await servedConfig(bff, platform);
      const answer = (version: string) =>
        bff.client.config(platform, { headers: { 'X-App-Version': version } });
      expect((await answer(below(source.minSupportedVersion))).body.forceUpdate).toBe(true);
      expect((await answer(`${source.minSupportedVersion}-beta.1`)).body.forceUpdate).toBe(true);
      expect((await answer(source.minSupportedVersion)).body.forceUpdate).toBe(false);
      expect((await answer(source.latestVersion)).body.forceUpdate).toBe(false);
      expect((await answer(below(source.minSupportedVersion))).body).toEqual(
        expected(source, true),
      );
    });

    it.each(['5.1', 'five', '1.2.3.4', 'v', ''])(
      'answers X-App-Version %p with 400 VALIDATION_FAILED naming the header',
      async (version) => {
        const response = await bff.client.config(platform, {
          headers: { 'X-App-Version': version },
        });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field: 'X-App-Version', issue: 'must be a semantic version' }],
        });
      },
    );

    it('may be kept by shared caches, one copy per app version, whoever asks', async () => {
      const anonymous = await bff.client.config(platform);
      const withBadToken = await bff.client.config(platform, { token: 'not-a-jwt' });
      expect(withBadToken.status).toBe(200);
      for (const response of [anonymous, withBadToken]) {
        expect(response.headers['cache-control']).toBe('public, max-age=60');
        expect(response.headers.vary).toBe('X-App-Version, accept-encoding');
        expect(response.headers['x-ratelimit-limit']).toBeDefined();
      }
      expect(withBadToken.headers.etag).toBe(anonymous.headers.etag);
      const again = await bff.client.config(platform, {
        headers: { 'If-None-Match': anonymous.headers.etag },
      });
      expect(again.status).toBe(304);
    });
  });
});

describe('the shared config cache', () => {
  let bff: DoubleHarness;
  beforeEach(async () => {
    // Fresh for a millisecond, then stale: the next request finds it expired, no waiting needed.
    bff = await startBffOverDouble({ CACHE_CONFIG_TTL_MS: '1' });
  });
  afterEach(() => bff.close());

  const down = () =>
    bff.double.override('config', '/config', () => ({ status: 503, body: { error: 'down' } }));

  it('serves the last good config while config-service is down', async () => {
    const before = await bff.client.config('ios');
    down();
    const during = await bff.client.config('android');
    const stale = await bff.client.config('ios', { headers: { 'X-App-Version': '1.0.0' } });
    expect(during.status).toBe(503);
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual({ ...before.body, forceUpdate: true });
    expect(bff.double.calls('config')).toBeGreaterThanOrEqual(3);
  });

  it('without any copy, a failing or malformed config-service is a 503 envelope', async () => {
    bff.double.override('config', '/config', () => ({
      status: 200,
      body: { minSupportedVersion: '5.1', latestVersion: '6.0.0', featureFlags: {} },
    }));
    const malformed = await bff.client.config('ios');
    down();
    const failing = await bff.client.config('android');
    for (const response of [malformed, failing]) {
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|config\/mobile|down/);
    }
  });

  it('never lets an internal or unknown field through', async () => {
    bff.double.override('config', '/config', () => ({
      status: 200,
      body: {
        internal: { killSwitchOwner: 'team-x' },
        minSupportedVersion: '2.0.0',
        latestVersion: '3.0.0',
        featureFlags: { a: true },
        maintenance: { message: 'Soon back', until: null, ticket: 'OPS-1' },
        experimentSalt: 'x9',
      },
    }));
    const response = await bff.client.config('ios');
    expect(response.body).toEqual({
      minSupportedVersion: '2.0.0',
      latestVersion: '3.0.0',
      forceUpdate: false,
      featureFlags: { a: true },
      maintenance: { message: 'Soon back', until: null },
      supportUrl: null,
    });
  });
});

describe('config shared by every caller', () => {
  let bff: DoubleHarness;
  beforeAll(async () => {
    bff = await startBffOverDouble({ CACHE_CONFIG_TTL_MS: '60000' });
  });
  afterAll(() => bff.close());

  it('asks config-service once per platform, however many callers', async () => {
    bff.double.resetCounters();
    const tokens = await Promise.all(['u-1', 'u-2', 'u-3'].map((user) => bff.token(user)));
    await Promise.all([
      ...tokens.map((token) => bff.client.config('ios', { token })),
      bff.client.config('ios'),
      bff.client.config('ios', { headers: { 'X-App-Version': '1.0.0' } }),
      bff.client.config('android'),
      bff.client.config('android'),
    ]);
    expect(bff.double.calls('config')).toBe(2);
  });
});

describe('config shared through Redis by a second instance', () => {
  let redis: RedisServer;
  let client: Redis;
  let first: DoubleHarness;
  let second: DoubleHarness;
  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
    first = await startBffOverDouble({ CACHE_CONFIG_TTL_MS: '60000', REDIS_URL: redis.url });
    await connectedToRedis(first.app);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    client?.disconnect();
    await redis?.stop();
  });

  it('answers from the shared copy, maintenance window and all, to the letter', async () => {
    const maintenance = { message: 'Kassen werden gewartet', until: '2031-02-03T04:05:06Z' };
    first.double.override('config', '/config', () => ({
      status: 200,
      body: { minSupportedVersion: '2.0.0', latestVersion: '3.0.0', featureFlags: {}, maintenance },
    }));
    const fromFirst = await first.client.config('android');
    expect(fromFirst.body.maintenance).toEqual(maintenance);
    await redisKeys(client, 'shared:config:*');

    // A second instance over the same Redis, whose config-service is down.
    second = await startBffOverDouble({ CACHE_CONFIG_TTL_MS: '60000', REDIS_URL: redis.url });
    await connectedToRedis(second.app);
    second.double.override('config', '/config', () => ({ status: 503, body: {} }));
    const fromSecond = await second.client.config('android');
    expect(fromSecond.status).toBe(200);
    expect(fromSecond.body).toEqual(fromFirst.body);
    expect(fromSecond.headers.etag).toBe(fromFirst.headers.etag);
    expect(second.double.calls('config')).toBe(0);
  });
});
