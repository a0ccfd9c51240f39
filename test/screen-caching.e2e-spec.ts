import Redis from 'ioredis';
import { TieredCache } from '@app/cache';
import { screenVersion } from '@app/screens';
import { performance } from 'node:perf_hooks';
import { BffHarness, startBff } from './support/bff-harness';
import { redisKeys, useTwoInstancesOverRedis } from './support/shared-redis';
import { Blackhole, startBlackhole, startRedisCluster, startRedisServer } from './support/redis';

const CACHED = { CACHE_SCREEN_TTL_MS: '15000', CACHE_PRODUCT_TTL_MS: '60000' };
/**
 * For the tests about what is cached and shared (deadlines have suites of their own): a burst of
 * cold renders on a busy 2-core machine must show up as cache behaviour, not as 503s.
 */
const UNHURRIED = { SCREEN_DEADLINE_MS: '10000', UPSTREAM_TIMEOUT_MS: '10000' };
/** 1,000 requests and a Redis Cluster's start take longer than jest's default 5 s on 2 cores. */
const LONG_TEST_MS = 60_000;
const SCREEN_DEADLINE_MS = 800;

describe('screen caching on a real Redis', () => {
  const instances = useTwoInstancesOverRedis({ ...CACHED, ...UNHURRIED });
  let redis: Redis;
  let first: BffHarness;
  let second: BffHarness;
  beforeAll(() => {
    ({ redis, first, second } = instances);
  });
  beforeEach(() => first.backends.resetCalls());

  const home = async (bff: BffHarness, userId: string, headers: Record<string, string> = {}) =>
    bff.client.home('ios', { token: await bff.token(userId), headers });

  it('serves an entry written by one instance from the other, under a key with the user id', async () => {
    const fromFirst = await home(first, 'u-2001');
    expect(fromFirst.status).toBe(200);
    const key = (await redisKeys(redis, 'ios:v1/home:*:u-2001:*'))[0];
    // The absent X-Display-Scale is its default, 3: both share one entry.
    expect(key).toMatch(/^ios:v1\/home:[0-9a-f]{12}:u-2001:3$/);
    const callsBefore = first.backends.calls().length;

    const fromSecond = await home(second, 'u-2001');
    expect(fromSecond.status).toBe(200);
    expect(first.backends.calls()).toHaveLength(callsBefore);
    expect({ ...fromSecond.body, meta: undefined }).toEqual({ ...fromFirst.body, meta: undefined });
    expect(fromSecond.body.meta.traceId).not.toBe(fromFirst.body.meta.traceId);
    expect(fromSecond.headers.etag).toBe(fromFirst.headers.etag);
  });

  it(
    'keeps every cached screen with its owner: 1,000 interleaved requests from 50 users',
    async () => {
      const users = Array.from({ length: 50 }, (_, index) => `u-${3000 + index}`);
      const tokens = new Map(
        await Promise.all(users.map(async (user) => [user, await first.token(user)] as const)),
      );
      const requests = Array.from(
        { length: 1000 },
        (_, index) => users[(index * 7) % users.length],
      );
      const bodies = new Map<string, string>();
      for (let start = 0; start < requests.length; start += 50) {
        const batch = requests.slice(start, start + 50);
        const responses = await Promise.all(
          batch.map((user, index) =>
            ((start + index) % 2 ? first : second).client.home('ios', {
              token: tokens.get(user) ?? '',
            }),
          ),
        );
        responses.forEach((response, index) => {
          const user = batch[index];
          expect(response.status).toBe(200);
          expect(response.body.user.userId).toBe(user);
          // A degraded answer (a source too slow on a cold start) is never the one cached and
          // served again: the complete ones must all be the same, and each user must get one.
          if (response.body.meta.degraded) return;
          const content = JSON.stringify({ ...response.body, meta: undefined });
          expect(bodies.get(user) ?? content).toBe(content);
          bodies.set(user, content);
        });
      }
      expect(new Set(bodies.values()).size).toBe(users.length);
    },
    LONG_TEST_MS,
  );

  it('makes one downstream call per key per instance for 200 concurrent requests on a cold key', async () => {
    const token = await first.token('u-4001');
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        (index % 2 ? first : second).client.home('ios', {
          token,
          headers: { 'X-Display-Scale': '2' },
        }),
      ),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const usersCalls = first.backends
      .calls('users')
      .filter((call) => call.path === '/users/u-4001');
    expect(usersCalls.length).toBeGreaterThanOrEqual(1);
    expect(usersCalls.length).toBeLessThanOrEqual(2);
    expect(first.backends.calls('notifications').length).toBe(usersCalls.length);
  });

  it('makes exactly one call per key on one instance for 200 concurrent requests', async () => {
    const token = await first.token('u-4002');
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => first.client.home('android', { token })),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    for (const service of ['users', 'orders', 'notifications'] as const) {
      expect(first.backends.calls(service)).toHaveLength(1);
    }
    const catalog = first.backends.calls('catalog').map((call) => call.path);
    expect(catalog.filter((path) => path.startsWith('/recommendations'))).toHaveLength(1);
    // Products other screens already cached need no batch at all.
    expect(catalog.filter((path) => path.startsWith('/products')).length).toBeLessThanOrEqual(1);
  });

  it('never serves an entry cached under an old response shape once the shape changes', async () => {
    const documentWith = (properties: object) => ({
      components: { schemas: { Profile: { type: 'object', properties } } },
    });
    const userId = { type: 'string' };
    const v1 = screenVersion(documentWith({ userId }), 'Profile', []);
    const v2 = screenVersion(
      documentWith({ userId, avatarUrl: { type: 'string', nullable: true } }),
      'Profile',
      [],
    );
    expect(v2).not.toBe(v1);
    const cache = first.app.get(TieredCache);
    const key = (version: string) => `ios:v1/profile:${version}:u-2009:`;

    await cache.getOrLoad(key(v1), () => Promise.resolve({ userId: 'u-2009' }), { ttlMs: 60_000 });
    await redisKeys(redis, key(v1));
    const load = jest.fn(() => Promise.resolve({ userId: 'u-2009', avatarUrl: null }));
    const read = await cache.getOrLoad(key(v2), load, { ttlMs: 60_000 });
    expect(load).toHaveBeenCalledTimes(1);
    expect(read).toEqual({ source: 'origin', value: { userId: 'u-2009', avatarUrl: null } });
  });

  it('answers from the stored serialization and ETag, hashing nothing again', async () => {
    await home(first, 'u-2010');
    const key = (await redisKeys(redis, 'ios:v1/home:*:u-2010:*'))[0];
    // What the first instance stored, with its ETag and content replaced by markers: the other
    // instance can only answer with them if it takes both as stored.
    const stored = JSON.parse((await redis.get(key)) ?? '') as {
      value: { value: { etag: string; content: string } };
    };
    stored.value.value.etag = '"stored-etag"';
    stored.value.value.content = stored.value.value.content.replace(/"u-2010"/, '"u-2010-stored"');
    await redis.set(key, JSON.stringify(stored), 'PX', 10_000);

    const fromSecond = await home(second, 'u-2010');
    expect(fromSecond.headers.etag).toBe('"stored-etag"');
    expect(fromSecond.body.user.userId).toBe('u-2010-stored');
    expect(fromSecond.body.meta.traceId).toMatch(/^[0-9a-f]{32}$/);
    const notModified = await home(second, 'u-2010', { 'If-None-Match': '"stored-etag"' });
    expect(notModified.status).toBe(304);
  });

  it('gives each screen version and platform its own keyspace', async () => {
    await home(first, 'u-2002');
    await first.client.home('android', { token: await first.token('u-2002') });
    const iosKey = (await redisKeys(redis, 'ios:v1/home:*:u-2002:*'))[0];
    const androidKey = (await redisKeys(redis, 'android:v1/home:*:u-2002:*'))[0];
    expect(iosKey.split(':')[2]).not.toBe(androidKey.split(':')[2]);
  });

  it('varies by display scale: a cached 3x screen is not served to a 1x device', async () => {
    const threeX = await home(first, 'u-2003', { 'X-Display-Scale': '3' });
    const oneX = await home(first, 'u-2003', { 'X-Display-Scale': '1' });
    expect(threeX.body.user.avatarUrl).not.toBe(oneX.body.user.avatarUrl);
  });

  it('does not keep a degraded screen', async () => {
    first.backends.setFault('notifications', { kind: 'status', status: 500 });
    const degraded = await home(first, 'u-2004');
    first.backends.clearFaults();
    expect(degraded.body.meta.degradedSections).toEqual(['unreadNotifications']);
    const next = await home(first, 'u-2004');
    expect(next.body.meta.degraded).toBe(false);
    expect(typeof next.body.unreadNotifications).toBe('number');
  });
});

describe('screen caching when Redis fails', () => {
  it('keeps answering, bounded by the command timeout, when Redis is killed mid-run and comes back', async () => {
    const redisServer = await startRedisServer();
    const bff = await startBff({
      ...CACHED,
      REDIS_URL: redisServer.url,
      REDIS_COMMAND_TIMEOUT_MS: '100',
    });
    try {
      const statuses: number[] = [];
      const latencies: number[] = [];
      const round = async (users: string[]) => {
        for (const user of users) {
          const started = performance.now();
          const response = await bff.client.home('ios', { token: await bff.token(user) });
          latencies.push(performance.now() - started);
          statuses.push(response.status);
        }
      };
      await round(['u-5001', 'u-5002']);
      await redisServer.kill();
      await round(['u-5001', 'u-5003', 'u-5004', 'u-5002']);
      const ready = await bff.client.ready();
      expect(ready.status).toBe(200);
      expect(ready.body.details.redis.status).toBe('degraded');
      await redisServer.restart();
      await round(['u-5005', 'u-5001']);
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(Math.max(...latencies)).toBeLessThan(SCREEN_DEADLINE_MS);
    } finally {
      await bff.close();
      await redisServer.stop();
    }
  });

  it('answers fast and without 5xx when Redis accepts connections but never answers', async () => {
    const blackhole: Blackhole = await startBlackhole();
    const bff = await startBff({
      ...CACHED,
      REDIS_URL: blackhole.url,
      REDIS_COMMAND_TIMEOUT_MS: '100',
    });
    try {
      for (const user of ['u-6001', 'u-6002', 'u-6001']) {
        const started = performance.now();
        const response = await bff.client.home('android', { token: await bff.token(user) });
        expect(response.status).toBe(200);
        expect(performance.now() - started).toBeLessThan(300);
      }
      const ready = await bff.client.ready();
      expect(ready.status).toBe(200);
      expect(ready.body.details.redis.status).toBe('degraded');
    } finally {
      await bff.close();
      await blackhole.stop();
    }
  });
});

describe('caching on a real Redis Cluster', () => {
  it(
    'shares screens and products between instances, keys spread over the slots',
    async () => {
      const cluster = await startRedisCluster();
      const env = { ...CACHED, REDIS_CLUSTER_NODES: cluster.nodes.join(',') };
      const first = await startBff(env);
      const second = await startBff(env, { backends: first.backends });
      try {
        // Wait for both clients to see the cluster (readiness reports Redis up).
        for (const bff of [first, second]) {
          for (
            let attempt = 0;
            (await bff.client.ready()).body.details.redis.status !== 'up';
            attempt++
          ) {
            if (attempt > 200) throw new Error('cluster client never became ready');
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        }
        const users = ['u-8001', 'u-8002', 'u-8003', 'u-8004'];
        for (const user of users) {
          const response = await first.client.home('ios', { token: await first.token(user) });
          expect(response.status).toBe(200);
        }
        const nodes = cluster.nodes.map((node) => {
          const [host, port] = node.split(':');
          return new Redis({ host, port: Number(port) });
        });
        try {
          // Writes are not awaited by the BFF: wait (bounded) until every screen is in the cluster.
          let keysPerNode: string[][] = [];
          for (let attempt = 0; attempt < 200; attempt++) {
            keysPerNode = await Promise.all(nodes.map((node) => node.keys('ios:v1/home:*')));
            if (keysPerNode.flat().length === users.length) break;
            await new Promise((resolve) => setImmediate(resolve));
          }
          expect(keysPerNode.flat()).toHaveLength(users.length);
          const productKeysPerNode = await Promise.all(
            nodes.map((node) => node.keys('shared:product:*')),
          );
          expect(productKeysPerNode.filter((keys) => keys.length > 0).length).toBe(nodes.length);
        } finally {
          nodes.forEach((node) => node.disconnect());
        }
        first.backends.resetCalls();
        for (const user of users) {
          const response = await second.client.home('ios', { token: await second.token(user) });
          expect(response.body.user.userId).toBe(user);
        }
        expect(first.backends.calls('users')).toHaveLength(0);
      } finally {
        await second.close();
        await first.close();
        await cluster.stop();
      }
    },
    LONG_TEST_MS,
  );
});
