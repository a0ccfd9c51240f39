import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { randomBytes } from 'node:crypto';

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
    return this.seed ?? randomBytes(16).toString('hex');
  }

  generateSpanId(): string {
    return randomBytes(8).toString('hex');
  }
}
