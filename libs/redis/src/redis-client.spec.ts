import Redis, { Cluster } from 'ioredis';
import type { AppConfig } from '@app/config';
import { createRedisClient } from './redis-client';

const COMMAND_TIMEOUT_MS = 150;
const base: AppConfig['redis'] = { commandTimeoutMs: COMMAND_TIMEOUT_MS };

/**
 * Nothing listens on these ports. ioredis does not clear a sentinel retry delay on disconnect():
 * fake timers keep such a timer from holding the test process.
 */
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function created(redis: AppConfig['redis']): Redis | Cluster | null {
  const client = createRedisClient(redis);
  client?.on('error', () => undefined);
  clients.push(client);
  return client;
}
let clients: (Redis | Cluster | null)[] = [];
afterEach(() => {
  for (const client of clients) client?.disconnect();
  clients = [];
});

describe('createRedisClient', () => {
  it('is null without a URL, cluster seeds or sentinels', () => {
    expect(created(base)).toBeNull();
  });

  it('asks the sentinels for the named master, with the fail-fast options of every client', () => {
    const client = created({
      ...base,
      sentinel: { nodes: ['127.0.0.1:1', 'localhost:2'], masterName: 'bff' },
    });
    expect(client).toBeInstanceOf(Redis);
    const { options } = client as Redis;
    expect(options.sentinels).toEqual([
      { host: '127.0.0.1', port: 1 },
      { host: 'localhost', port: 2 },
    ]);
    expect(options.name).toBe('bff');
    expect(options.role).toBe('master');
    expect(options).toMatchObject({
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      sentinelCommandTimeout: COMMAND_TIMEOUT_MS,
    });
    // Its +switch-master during a reconnect would end the client for good.
    expect(options.failoverDetector).toBeFalsy();
    expect(options.retryStrategy?.(1)).toBeLessThanOrEqual(200);
    expect(options.sentinelRetryStrategy?.(10)).toBeLessThanOrEqual(2_000);
  });

  it('prefers cluster seeds, then sentinels, then the URL', () => {
    const sentinel = { nodes: ['127.0.0.1:1'], masterName: 'bff' };
    const url = 'redis://127.0.0.1:3/0';
    expect(created({ ...base, clusterNodes: ['127.0.0.1:4'], sentinel, url })).toBeInstanceOf(
      Cluster,
    );
    expect((created({ ...base, sentinel, url }) as Redis).options.sentinels).toHaveLength(1);
    const standalone = created({ ...base, url }) as Redis;
    expect(standalone.options).toMatchObject({ port: 3, enableOfflineQueue: false });
    expect(standalone.options.sentinels).toBeNull();
  });
});
