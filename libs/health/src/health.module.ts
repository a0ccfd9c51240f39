import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule, SigningKeysHealthIndicator } from '@app/auth';
import { RedisHealthIndicator } from '@app/redis';
import { DependencyReachability } from './dependency-reachability';
import { HealthController } from './health.controller';
import { ShutdownIndicator, ShutdownState } from './shutdown-state';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), AuthModule],
  controllers: [HealthController],
  providers: [
    DependencyReachability,
    RedisHealthIndicator,
    SigningKeysHealthIndicator,
    ShutdownState,
    ShutdownIndicator,
  ],
  // main.ts flips it on SIGTERM (see apps/bff/src/lifecycle).
  exports: [ShutdownState],
})
export class HealthModule {}
