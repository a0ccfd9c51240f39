import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@app/config';
import { createRedisClient, RedisClient } from './redis-client';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Injects the shared Redis client, or null when the BFF runs without Redis. */
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);

/**
 * Owns the one Redis connection of the process (cache and rate limiter share it) and its end:
 * `disconnect()`, not `quit()`, because quit waits for a reply that never comes while the client
 * is reconnecting, and the process would never exit.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): RedisClient | null => {
        const client = createRedisClient(config.redis);
        // Without a listener ioredis reports every failed reconnect as an unhandled error.
        client?.on('error', (error: Error) => RedisModule.logger.warn(`redis: ${error.message}`));
        return client;
      },
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  static readonly logger = new Logger('Redis');

  constructor(@InjectRedis() private readonly client: RedisClient | null) {}

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
