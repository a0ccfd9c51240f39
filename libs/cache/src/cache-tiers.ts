import { KeyvAdapter } from 'cache-manager';
import { redisInsStore } from 'cache-manager-ioredis-yet';
import Keyv from 'keyv';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '@app/config';
import type { RedisClient } from '@app/redis';

/**
 * The tiers handed to @nestjs/cache-manager: a bounded in-process LRU, then Redis when
 * configured. Keyv's key prefix is off on both: our keys are already namespaced. See
 * docs/adr/0001-redis-cache-store.md for how the Redis store is used.
 */
export function cacheTiers(config: AppConfig, redis: RedisClient | null): Keyv[] {
  // In memory, entries are kept as objects: nothing to serialize.
  const memory = new Keyv({
    store: lruStore(config.cache.memoryMaxEntries),
    useKeyPrefix: false,
    throwOnErrors: true,
  });
  memory.serialize = undefined;
  memory.deserialize = undefined;
  if (!redis) return [memory];
  // A cache-manager v5 store: KeyvAdapter runs it under v7, whose store type it predates. It gets
  // our client, whose lifecycle stays with RedisModule. Keyv's JSON serializer stays on: the
  // store's own telejson would otherwise turn ISO date strings into Dates on the way back.
  const store = redisInsStore(redis) as unknown as ConstructorParameters<typeof KeyvAdapter>[0];
  return [
    memory,
    new Keyv({ store: new KeyvAdapter(store), useKeyPrefix: false, throwOnErrors: true }),
  ];
}

/** lru-cache behind Keyv's Map-like store interface (Keyv passes a TTL number lru-cache rejects). */
function lruStore(max: number) {
  const lru = new LRUCache<string, object>({ max });
  return {
    get: (key: string) => lru.get(key),
    set: (key: string, value: object) => void lru.set(key, value),
    delete: (key: string) => lru.delete(key),
    clear: () => lru.clear(),
  };
}
