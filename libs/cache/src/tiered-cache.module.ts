import { CacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@app/config';
import { REDIS_CLIENT, RedisClient } from '@app/redis';
import { cacheTiers } from './cache-tiers';
import { TieredCache } from './tiered-cache';

@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: AppConfig, redis: RedisClient | null) => ({
        stores: cacheTiers(config, redis),
      }),
    }),
  ],
  providers: [TieredCache],
  exports: [TieredCache],
})
export class TieredCacheModule {}
