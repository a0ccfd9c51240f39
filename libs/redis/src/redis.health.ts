import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { isRedisReady, RedisClient } from './redis-client';
import { InjectRedis } from './redis.module';

/**
 * Redis in the readiness details. Never `down`: the BFF serves without its shared cache and
 * falls back to per-instance rate limits, so Redis alone must not take an instance out.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectRedis() private readonly client: RedisClient | null,
  ) {}

  check(): HealthIndicatorResult<'redis'> {
    const session = this.indicators.check('redis');
    if (!this.client) return session.up({ mode: 'not configured: in-process cache only' });
    return isRedisReady(this.client)
      ? session.up()
      : session.degraded({ message: `unavailable (${this.client.status})` });
  }
}
