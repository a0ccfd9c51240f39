import Redis, { Cluster, RedisOptions } from 'ioredis';
import type { AppConfig } from '@app/config';

export type RedisClient = Redis | Cluster;

/** Reconnect back-off with full jitter, so a fleet of BFFs does not reconnect in one herd. */
function reconnectDelayMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)));
}

/**
 * The BFF never waits for Redis: no offline queue (a command while disconnected fails at once),
 * a short command timeout, no per-command retries. Every caller treats a failure as "no Redis".
 * Commands issued in the same tick (a rate-limit count per request, under load many at once) go
 * out in one write: one system call instead of one per command.
 */
function clientOptions(commandTimeoutMs: number): RedisOptions {
  return {
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => reconnectDelayMs(attempt),
    // disconnect() arms a timer that a dead socket never clears (2 s by default): shutdown waits on it.
    disconnectTimeout: 200,
  };
}

/** `host:port` strings (cluster seeds, sentinels) as ioredis addresses. */
function addresses(nodes: readonly string[]): { host: string; port: number }[] {
  return nodes.map((node) => {
    const [host, port] = node.split(':');
    return { host, port: Number(port) };
  });
}

/**
 * One client per process from the config; null when none of REDIS_URL, cluster seeds or
 * sentinels are set.
 */
export function createRedisClient(redis: AppConfig['redis']): RedisClient | null {
  const options = clientOptions(redis.commandTimeoutMs);
  if (redis.clusterNodes?.length) {
    return new Cluster(addresses(redis.clusterNodes), {
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      redisOptions: options,
      clusterRetryStrategy: (attempt) => reconnectDelayMs(attempt),
      slotsRefreshTimeout: 1_000,
    });
  }
  if (redis.sentinel) {
    // A reconnect asks the sentinels for the master again: after a failover it lands on the
    // promoted replica (a demoted master's clients are killed by the sentinels, so they reconnect).
    // No failoverDetector: its +switch-master arriving while the client is between reconnects
    // ends the client for good (ioredis 5.11), leaving the BFF without Redis until a restart.
    return new Redis({
      ...options,
      sentinels: addresses(redis.sentinel.nodes),
      name: redis.sentinel.masterName,
      sentinelRetryStrategy: (attempt) => reconnectDelayMs(attempt),
      sentinelCommandTimeout: redis.commandTimeoutMs,
    });
  }
  if (redis.url) return new Redis(redis.url, options);
  return null;
}

/** Whether the client can take a command right now (cheap; no round trip). */
export function isRedisReady(client: RedisClient): boolean {
  return client.status === 'ready';
}
