import { Module } from '@nestjs/common';
import { getOptionsToken, ThrottlerModuleOptions } from '@nestjs/throttler';
import { AuditModule } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS_CLIENT, RedisClient } from '@app/redis';
import { budgetLimit, requestBudgetOf } from './budget';
import { FallbackThrottlerStorage } from './fallback-throttler-storage';
import { RateLimitGuard } from './rate-limit.guard';

const WINDOW_MS = 60_000;
/** After a Redis failure, count locally this long before trying Redis again. */
const RETRY_REDIS_AFTER_MS = 1_000;

function rateLimitOptions(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        // 'default' is the name a bare @SkipThrottle() opts out of.
        name: 'default',
        ttl: WINDOW_MS,
        // The request's budget's (user, anonymous or bad-token); the guard counts in that one.
        limit: (context) => budgetLimit(requestBudgetOf(context).name, config.rateLimit),
        // Fixed windows: over the limit means 429 until the window resets, no longer penalty.
        blockDuration: 0,
      },
    ],
  };
}

/**
 * The rate limiter's options, store (see FallbackThrottlerStorage) and guard. The guard is provided
 * but not registered here: the app's HTTP pipeline registers it globally, between
 * JwtAuthenticationGuard and RequireAuthenticationGuard. Needs the global Config and Redis modules;
 * reports 429s to the audit log.
 */
@Module({
  imports: [AuditModule],
  providers: [
    { provide: getOptionsToken(), inject: [APP_CONFIG], useFactory: rateLimitOptions },
    {
      provide: FallbackThrottlerStorage,
      inject: [REDIS_CLIENT, APP_CONFIG],
      useFactory: (client: RedisClient | null, config: AppConfig) =>
        FallbackThrottlerStorage.forRedis(client, {
          // ioredis times commands out itself; this bounds everything else (a Cluster redirect...).
          timeoutMs: config.redis.commandTimeoutMs * 2,
          retryAfterFailureMs: RETRY_REDIS_AFTER_MS,
        }),
    },
    RateLimitGuard,
  ],
  exports: [getOptionsToken(), FallbackThrottlerStorage, RateLimitGuard],
})
export class RateLimitModule {}
