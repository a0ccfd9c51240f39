import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { LoggingModule } from './logging/logging.module';
import { BffMetrics } from './metrics/bff-metrics';
import { Telemetry } from './telemetry';
import { RequestTracing } from './tracing/request-tracing';

/**
 * Logs, traces, Server-Timing and metrics. The app wires `Telemetry`'s hooks into its HTTP
 * pipeline and serves `BffMetrics` at /metrics; screens report their outcome to `Telemetry`.
 */
@Global()
@Module({})
export class TelemetryModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TelemetryModule,
      imports: [LoggingModule.forRoot(config)],
      providers: [Telemetry, RequestTracing, BffMetrics],
      exports: [Telemetry, RequestTracing, BffMetrics],
    };
  }
}
