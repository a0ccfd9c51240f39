import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { isRedisReady, RedisClient } from '@app/redis';
import { ScriptCachedThrottlerStorage } from './script-cached-throttler-storage';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The shared store and whether it can take a command right now (cheap, no round trip). */
export interface SharedThrottlerStore {
  readonly storage: ThrottlerStorage;
  isAvailable(): boolean;
}

export interface FallbackOptions {
  /** Longest wait for the shared store; then this request is counted locally. */
  readonly timeoutMs: number;
  /** After a failure, Redis is left alone this long: a hung one costs a timeout per interval. */
  readonly retryAfterFailureMs: number;
}

/**
 * Rate-limit counters in Redis, so that every BFF instance enforces one combined limit; and when
 * Redis cannot count (not configured, not connected, or a command fails or times out), each
 * instance counts in its own memory instead, so the limit then applies per instance. A request
 * never fails, nor waits for long, because the limiter's store did.
 *
 * Windows are fixed: `blockDuration` 0 means no penalty beyond the window (both stores agree on
 * that here; the Redis script cannot take 0, so it gets 1 ms and the wait is the window's rest).
 * In a blocked record, `timeToBlockExpire` is the seconds until a request is admitted again.
 *
 * The Redis client is RedisModule's: shared, never closed here. The Redis storage is built by us
 * from that client (so it never owns a connection of its own) and is no Nest provider (so its
 * onModuleDestroy is never called either).
 */
export class FallbackThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new ThrottlerStorageService();
  private sharedFailedAt = Number.NEGATIVE_INFINITY;
  private counting: 'shared' | 'local' | undefined;

  constructor(
    private readonly shared: SharedThrottlerStore | undefined,
    private readonly options: FallbackOptions,
  ) {}

  /** Counts in Redis through the shared client when there is one, else in memory only. */
  static forRedis(client: RedisClient | null, options: FallbackOptions): FallbackThrottlerStorage {
    if (!client) return new FallbackThrottlerStorage(undefined, options);
    const storage = new ScriptCachedThrottlerStorage(client);
    // Given a client, it uses that one and will not disconnect it (it only closes what it created).
    if (storage.redis !== client || storage.disconnectRequired) {
      throw new Error('the Redis throttler storage did not take the shared client');
    }
    const fallback = new FallbackThrottlerStorage(
      { storage, isAvailable: () => isRedisReady(client) },
      options,
    );
    client.on('ready', () => fallback.sharedStoreReconnected());
    return fallback;
  }

  /** A fresh connection gets a fresh chance, whatever failed on the previous one. */
  sharedStoreReconnected(): void {
    this.sharedFailedAt = Number.NEGATIVE_INFINITY;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    const shared = await this.incrementShared(key, ttl, limit, blockDuration, throttlerName);
    if (shared) return shared;
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown(); // its sweep timer and counters; nothing of Redis
  }

  private async incrementShared(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord | undefined> {
    const recentlyFailed =
      performance.now() - this.sharedFailedAt < this.options.retryAfterFailureMs;
    if (!this.shared?.isAvailable() || recentlyFailed) {
      this.countingIn('local', this.shared ? 'Redis unavailable' : 'no Redis configured');
      return undefined;
    }
    try {
      const increment = this.shared.storage.increment(
        key,
        ttl,
        limit,
        blockDuration > 0 ? blockDuration : 1,
        throttlerName,
      );
      const record = await withTimeout(increment, this.options.timeoutMs);
      this.countingIn('shared');
      return blockDuration > 0 || !record.isBlocked
        ? record
        : { ...record, timeToBlockExpire: record.timeToExpire };
    } catch (error) {
      this.sharedFailedAt = performance.now();
      this.countingIn('local', error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  /** Logs the switches between the stores, not every request. */
  private countingIn(store: 'shared' | 'local', reason?: string): void {
    if (this.counting === store) return;
    const first = this.counting === undefined;
    this.counting = store;
    if (store === 'shared') {
      this.logger.log('rate limits are counted in Redis, across instances');
    } else if (!first || this.shared) {
      this.logger.warn(`rate limits are counted per instance, in memory (${reason ?? 'unknown'})`);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // a late rejection after the timeout must not go unhandled
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
