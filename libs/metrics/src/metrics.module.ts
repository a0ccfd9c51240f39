import { Module } from '@nestjs/common';
import { BffMetrics } from './bff-metrics';
import { MetricsController } from './metrics.controller';

/** `GET /metrics` and the metrics it reports; the app wires `registerRequestMetrics` at boot. */
@Module({
  controllers: [MetricsController],
  providers: [BffMetrics],
  exports: [BffMetrics],
})
export class MetricsModule {}
