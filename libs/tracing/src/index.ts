export { RequestTracing } from './request-tracing';
export type { RequestEnd } from './request-tracing';
export { logDegradedSections, registerRequestTracing } from './request-tracing.hooks';
export { serverTiming } from './server-timing';
export { TracingModule } from './tracing.module';
