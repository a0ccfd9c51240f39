import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, RouterModule } from '@nestjs/core';
import { TieredCacheModule } from '@app/cache';
import { AppConfig, ConfigModule } from '@app/config';
import { HealthModule } from '@app/health';
import { HttpCachingInterceptor } from '@app/http-caching';
import { MetricsModule } from '@app/metrics';
import { LoggingModule } from '@app/observability';
import { RedisModule } from '@app/redis';
import { TracingModule } from '@app/tracing';
import { AndroidModule } from './android/android.module';
import { CoreModule } from './core.module';
import { IosModule } from './ios/ios.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        RedisModule,
        TieredCacheModule,
        CoreModule,
        HealthModule,
        MetricsModule,
        TracingModule,
        IosModule,
        AndroidModule,
        RouterModule.register([
          { path: 'ios', module: IosModule },
          { path: 'android', module: AndroidModule },
        ]),
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: HttpCachingInterceptor }],
    };
  }
}
