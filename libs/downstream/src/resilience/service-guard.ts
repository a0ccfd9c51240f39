import {
  BrokenCircuitError,
  BulkheadPolicy,
  BulkheadRejectedError,
  CircuitBreakerPolicy,
  CircuitState,
  SamplingBreaker,
  bulkhead,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import type { AppConfig, ServiceName } from '@app/config';
import type { BreakerState } from '../downstream-events';
import type { FailurePolicy } from './failure-policy';
import { ResilienceRejection } from './resilience-rejection';

export type BreakerSettings = AppConfig['resilience']['breaker'];

const STATUS: Partial<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
};

/**
 * One service's bulkhead (outer: no queue, overflow refused at once) around its circuit breaker
 * (inner: a sampling breaker over a sliding window, half-open after `openMs`). Only errors the
 * failure policy counts feed the breaker; 4xx and our own refusals pass through uncounted.
 */
export class ServiceGuard {
  private readonly bulkhead: BulkheadPolicy;
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly service: ServiceName,
    settings: { breaker: BreakerSettings; bulkheadMaxConcurrent: number },
    failures: FailurePolicy,
    onChange: (state: BreakerState) => void,
  ) {
    this.bulkhead = bulkhead(settings.bulkheadMaxConcurrent, 0);
    this.breaker = circuitBreaker(
      handleWhen((error) => failures.countsAsFailure(error)),
      { halfOpenAfter: settings.breaker.openMs, breaker: samplingBreaker(settings.breaker) },
    );
    this.breaker.onStateChange((state) => {
      const status = STATUS[state];
      if (status) onChange(status);
    });
  }

  get state(): BreakerState {
    return STATUS[this.breaker.state] ?? 'open';
  }

  /** Runs one attempt, or throws a ResilienceRejection without running it. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.bulkhead.execute(() => {
        // Half-open admits the one probe already running; everyone else fails fast meanwhile
        // (cockatiel would make them wait for the probe's outcome).
        if (this.breaker.state === CircuitState.HalfOpen) throw new BrokenCircuitError();
        return this.breaker.execute(call);
      });
    } catch (error) {
      if (error instanceof BulkheadRejectedError) {
        throw new ResilienceRejection(this.service, 'bulkhead_full', { cause: error });
      }
      if (error instanceof BrokenCircuitError) {
        throw new ResilienceRejection(this.service, 'circuit_open', { cause: error });
      }
      throw error;
    }
  }
}

/**
 * The breaker: opens when more than `failureRate` of the calls in the last `windowMs`
 * failed and there were at least `minimumCalls` of them. cockatiel expresses the volume as a
 * rate over its (rounded) window, so the rate is derived from the same rounding.
 */
function samplingBreaker(settings: BreakerSettings): SamplingBreaker {
  const windowCount = Math.max(5, Math.ceil(settings.windowMs / 1000));
  const effectiveWindowMs = Math.round(settings.windowMs / windowCount) * windowCount;
  // "total >= minimumCalls" for integer totals, safe from floating-point rounding.
  const minimumRps = ((settings.minimumCalls - 0.5) * 1000) / effectiveWindowMs;
  return new SamplingBreaker({
    threshold: Math.min(settings.failureRate, 0.999),
    duration: settings.windowMs,
    minimumRps,
  });
}
