import Redis from 'ioredis';
import { once } from 'node:events';
import type { INestApplication } from '@nestjs/common';
import { REDIS_CLIENT, RedisClient } from '@app/redis';
import { BffHarness, startBff } from './bff-harness';
import { RedisServer, startRedisServer } from './redis';

/**
 * The keys matching `pattern`, waiting (bounded) until there is one: the BFF does not await its
 * Redis writes, so a test reads them shortly after the answer.
 */
export async function redisKeys(redis: Redis, pattern: string): Promise<string[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [, keys] = await redis.scan('0', 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) return keys.sort();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no key matching ${pattern}`);
}

/** A request before an instance's connection is up would skip Redis (the BFF never waits). */
export async function connectedToRedis(app: INestApplication): Promise<void> {
  const connection = app.get<RedisClient>(REDIS_CLIENT);
  if (connection.status !== 'ready') await once(connection, 'ready');
}

export interface TwoInstances {
  /** A client of the instances' Redis, to look at what they share. */
  redis: Redis;
  first: BffHarness;
  /** A second instance behind the same load balancer: same services, same identity provider. */
  second: BffHarness;
}

/**
 * Two BFF instances over one real Redis for a `describe`, connected before the first test; the
 * fields are filled by then, and everything is closed after all.
 */
export function useTwoInstancesOverRedis(env: Record<string, string>): TwoInstances {
  const instances = {} as TwoInstances;
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
    instances.redis = new Redis(server.url);
    instances.first = await startBff({ ...env, REDIS_URL: server.url });
    instances.second = await startBff(
      { ...env, REDIS_URL: server.url },
      { backends: instances.first.backends },
    );
    await Promise.all([instances.first, instances.second].map(({ app }) => connectedToRedis(app)));
  });
  afterAll(async () => {
    await instances.second?.close();
    await instances.first?.close();
    instances.redis?.disconnect();
    await server?.stop();
  });
  return instances;
}
