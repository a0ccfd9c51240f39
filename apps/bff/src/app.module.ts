import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { AuthModule } from '@app/auth';
import { TieredCacheModule } from '@app/cache';
import { AppConfig, ConfigModule } from '@app/config';
import { DownstreamModule } from '@app/downstream';
import { HealthModule } from '@app/health';
import { RateLimitModule } from '@app/rate-limit';
import { RedisModule } from '@app/redis';
import { ScreensModule } from '@app/screens';
import { TelemetryModule } from '@app/telemetry';
import { AndroidModule } from './android/android.module';
import { IosModule } from './ios/ios.module';
import { MetricsController } from './ops/metrics.controller';

/**
 * The BFF: the shared libs, and one module per platform under its prefix. What runs on every
 * request is registered in http-pipeline.ts, not here.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TelemetryModule.forRoot(config),
        RedisModule,
        TieredCacheModule,
        DownstreamModule,
        ScreensModule,
        AuthModule,
        RateLimitModule,
        HealthModule,
        IosModule,
        AndroidModule,
        RouterModule.register([
          { path: 'ios', module: IosModule },
          { path: 'android', module: AndroidModule },
        ]),
      ],
      controllers: [MetricsController],
    };
  }
}
