import { Module } from '@nestjs/common';
import { RequestTracing } from './request-tracing';

/** Request tracing; the app wires `registerRequestTracing` at boot. */
@Module({
  providers: [RequestTracing],
  exports: [RequestTracing],
})
export class TracingModule {}
