export { isRedisReady } from './redis-client';
export type { RedisClient } from './redis-client';
export { RedisHealthIndicator } from './redis.health';
export { InjectRedis, REDIS_CLIENT, RedisModule } from './redis.module';
