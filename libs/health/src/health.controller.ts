import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public, SigningKeysHealthIndicator } from '@app/auth';
import { RedisHealthIndicator } from '@app/redis';
import { DependencyReachability } from './dependency-reachability';
import { ShutdownIndicator } from './shutdown-state';

/**
 * Load-balancer probes: no auth, no rate limit, no platform prefix, not in the API documents, and
 * the BFF's own `no-store` (terminus's cache header is off, so one policy covers every route).
 */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyReachability,
    private readonly redis: RedisHealthIndicator,
    private readonly signingKeys: SigningKeysHealthIndicator,
    private readonly shutdown: ShutdownIndicator,
  ) {}

  /** 200 while the process runs: dependencies being down must never cause a restart loop. */
  @Get('live')
  @HealthCheck({ noCache: false })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * 200 when this instance can serve: not draining after SIGTERM, at least one usable signing key
   * (else every token would be refused), users (critical) reachable; the rest is informative.
   */
  @Get('ready')
  @HealthCheck({ noCache: false })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.shutdown.check(),
      () => this.signingKeys.check(),
      () => this.dependencies.check('users', true),
      () => this.dependencies.check('orders', false),
      () => this.dependencies.check('catalog', false),
      () => this.dependencies.check('notifications', false),
      () => this.dependencies.check('config', false),
      () => this.redis.check(),
    ]);
  }
}
