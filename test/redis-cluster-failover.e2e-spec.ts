import Redis from 'ioredis';
import { BffHarness, startBff } from './support/bff-harness';
import { RedisClusterHandle, startRedisCluster } from './support/redis';
import { FAILOVER_ENV, streamHomeRequests, untilStoredAgain } from './support/redis-failover';
import { connectedToRedis } from './support/shared-redis';

/** Six nodes (~3 s), failure detection and replica election (~3 to 5 s) on a busy 2-core machine. */
jest.setTimeout(40_000);

let users = 0;
const freshUser = () => `u-${7000 + ++users}`;

describe('a Redis Cluster master failing over to its replica', () => {
  let cluster: RedisClusterHandle;
  let bff: BffHarness;
  let promoted: Redis | undefined;

  beforeAll(async () => {
    cluster = await startRedisCluster(3, { replicas: 1 });
    bff = await startBff({ ...FAILOVER_ENV, REDIS_CLUSTER_NODES: cluster.nodes.join(',') });
    await connectedToRedis(bff.app);
  });
  afterAll(async () => {
    await bff?.close();
    promoted?.disconnect();
    await cluster?.stop();
  });

  it('costs no 5xx, and limits and screens are stored on the promoted replica without a restart', async () => {
    const tokens = await Promise.all([1, 2, 3, 4].map(() => bff.token(freshUser())));
    const stream = streamHomeRequests(bff, tokens);
    try {
      const address = await cluster.failOver(0);
      promoted = new Redis(`redis://${address}/0`);
      await untilStoredAgain(bff, promoted, freshUser);
    } finally {
      const statuses = await stream.stop();
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
    }
    expect((await bff.client.ready()).body.details.redis.status).toBe('up');
  });
});
