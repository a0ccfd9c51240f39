export { BffMetrics } from './bff-metrics';
export type { RequestSample } from './bff-metrics';
export { MetricsModule } from './metrics.module';
export { registerRequestMetrics } from './request-metrics.hook';
