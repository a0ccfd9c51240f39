import Redis from 'ioredis';
import { BffHarness, startBff } from './support/bff-harness';
import { RedisSentinelHandle, startRedisSentinel } from './support/redis';
import {
  FAILOVER_ENV,
  streamHomeRequests,
  untilStoredAgain,
  userHitsKey,
} from './support/redis-failover';
import { connectedToRedis, redisKeys } from './support/shared-redis';

/** Start (~2 s), failure detection and promotion (~3 to 6 s) on a busy 2-core machine. */
jest.setTimeout(40_000);

let users = 0;
const freshUser = () => `u-${6000 + ++users}`;

describe('Redis Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME)', () => {
  let sentinel: RedisSentinelHandle;
  let bff: BffHarness;
  const clients: Redis[] = [];
  const clientOf = (url: string) => {
    const client = new Redis(url, { maxRetriesPerRequest: 0 });
    client.on('error', () => undefined); // the master is killed on purpose
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    bff = await startBff({
      ...FAILOVER_ENV,
      REDIS_SENTINELS: sentinel.sentinels.join(','),
      REDIS_SENTINEL_NAME: sentinel.masterName,
    });
    await connectedToRedis(bff.app);
  });
  afterAll(async () => {
    await bff?.close();
    for (const client of clients) client.disconnect();
    await sentinel?.stop();
  });

  it('keeps limits and screens in the master the sentinels name', async () => {
    const user = freshUser();
    const response = await bff.client.home('ios', { token: await bff.token(user) });
    expect(response.status).toBe(200);
    const master = clientOf(sentinel.master.url);
    expect(await redisKeys(master, `ios:*:${user}:*`)).toHaveLength(1);
    expect(await master.get(userHitsKey(user))).toBe('1');
  });

  it('follows a failover to the promoted replica without a restart, with no 5xx meanwhile', async () => {
    const tokens = await Promise.all([freshUser(), freshUser()].map((user) => bff.token(user)));
    const stream = streamHomeRequests(bff, tokens);
    try {
      await sentinel.failOver();
      await untilStoredAgain(bff, clientOf(sentinel.replica.url), freshUser);
    } finally {
      const statuses = await stream.stop();
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
    }
    expect((await bff.client.ready()).body.details.redis.status).toBe('up');
  });
});
