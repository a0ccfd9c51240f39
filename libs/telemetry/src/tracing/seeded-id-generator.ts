import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { newSpanId, newTraceId } from '../context/trace-context';

/**
 * Random ids, except that a root span started inside `withTraceId` gets the given trace id: the
 * request context picks a request's trace id before the span exists, and the two must agree.
 * Safe because span creation is synchronous.
 */
export class SeededIdGenerator implements IdGenerator {
  private seed?: string;

  withTraceId<T>(traceId: string, start: () => T): T {
    this.seed = traceId;
    try {
      return start();
    } finally {
      this.seed = undefined;
    }
  }

  generateTraceId(): string {
    return this.seed ?? newTraceId();
  }

  generateSpanId(): string {
    return newSpanId();
  }
}
