import { createKeyv } from 'cacheable';
import { KeyvAdapter } from 'cache-manager';
import { redisInsStore } from 'cache-manager-ioredis-yet';
import { Keyv } from 'keyv';
import type { AppConfig } from '@app/config';
import type { RedisClient } from '@app/redis';

/**
 * The tiers handed to @nestjs/cache-manager, built the way cache-manager documents them: an
 * in-process LRU (cacheable's `createKeyv`, values kept as objects, never cloned or serialized),
 * then Redis through the customer's `cache-manager-ioredis-yet` store behind cache-manager's
 * `KeyvAdapter` for legacy stores. Keyv's own serializer is off on both, so a value is serialized
 * once, by the store. See docs/adr/0001-redis-cache-store.md.
 */
export function cacheTiers(config: AppConfig, redis: RedisClient | null): Keyv[] {
  // useClone off: cached values are treated as immutable by every reader, so no copy per hit.
  const memory = createKeyv({ lruSize: config.cache.memoryMaxEntries, useClone: false });
  memory.useKeyPrefix = false; // our keys are namespaced already
  memory.throwOnErrors = true;
  if (!redis) return [memory];
  // Given our client, the store never owns a connection: its lifecycle stays with RedisModule.
  const store = redisInsStore(redis) as unknown as ConstructorParameters<typeof KeyvAdapter>[0];
  const shared = new Keyv({
    store: new KeyvAdapter(store),
    useKeyPrefix: false,
    throwOnErrors: true,
  });
  shared.serialize = undefined;
  shared.deserialize = undefined;
  return [memory, shared];
}
