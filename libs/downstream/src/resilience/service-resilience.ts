import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig, SERVICE_NAMES, ServiceName } from '@app/config';
import { backoffDelayMs } from './backoff';
import type { BreakerState } from '../downstream-events';
import type { FailurePolicy, ResilienceListener } from './failure-policy';
import { ResilienceRejection } from './resilience-rejection';
import { RetryBudget } from './retry-budget';
import { ServiceGuard } from './service-guard';

export type ResilienceSettings = AppConfig['resilience'];

/** A retry is only worth making if at least this much of the deadline is left after its delay. */
export const MIN_ATTEMPT_MS = 50;

export interface ExecuteOptions {
  /** False for calls that must never be repeated blind (e.g. a PUT that is not known idempotent). */
  idempotent: boolean;
  /** The request's deadline: no retry is started that could not finish inside it. */
  deadline: { remainingMs(): number };
  /** Aborts a backoff wait once the call is no longer wanted. */
  signal?: AbortSignal;
}

/** Runs `call` through the service's bulkhead and breaker (or refuses it with a ResilienceRejection). */
export type Guard = <R>(call: () => Promise<R>) => Promise<R>;

/**
 * One attempt: `attempt` is 1 for the first try. It must pass its network work through `guard`,
 * and may observe the attempt around it (e.g. record a rejection as its outcome).
 */
export type Attempt<T> = (attempt: number, guard: Guard) => Promise<T>;

interface ServicePolicies {
  guard: ServiceGuard;
  budget: RetryBudget;
}

/**
 * The resilience policies of every downstream service, built from config: per service a
 * bulkhead, a circuit breaker and a retry budget, and one retry loop (capped exponential backoff
 * with full jitter, Retry-After honoured, always inside the request's deadline).
 */
export class ServiceResilience {
  private readonly logger = new Logger(ServiceResilience.name);
  private readonly policies: Record<ServiceName, ServicePolicies>;

  constructor(
    private readonly settings: ResilienceSettings,
    private readonly failures: FailurePolicy,
    private readonly listener: ResilienceListener = {},
    private readonly random: () => number = Math.random,
  ) {
    this.policies = Object.fromEntries(
      SERVICE_NAMES.map((service) => [
        service,
        {
          guard: new ServiceGuard(service, settings, failures, (state) => {
            this.logger.warn(`Circuit breaker of ${service} service is now ${state}`);
            listener.breakerChanged?.(service, state);
          }),
          budget: new RetryBudget(settings.retry.budgetRatio),
        },
      ]),
    ) as Record<ServiceName, ServicePolicies>;
  }

  /** The breaker state of a service (for health details and tests). */
  circuitState(service: ServiceName): BreakerState {
    return this.policies[service].guard.state;
  }

  async execute<T>(service: ServiceName, options: ExecuteOptions, attempt: Attempt<T>): Promise<T> {
    const { guard, budget } = this.policies[service];
    const run: Guard = (call) => guard.run(call).catch((error: unknown) => this.rejected(error));
    const maxAttempts = options.idempotent ? this.settings.retry.maxAttempts : 1;
    budget.deposit();
    for (let number = 1; ; number++) {
      try {
        return await attempt(number, run);
      } catch (error) {
        const delayMs = this.retryDelayMs(error, number, maxAttempts, options, budget);
        if (delayMs === undefined) throw error;
        this.listener.retried?.(service, number + 1, delayMs);
        await sleep(delayMs, undefined, { signal: options.signal }).catch(() => {
          throw error; // abandoned while waiting: the last failure stands
        });
      }
    }
  }

  private retryDelayMs(
    error: unknown,
    attempt: number,
    maxAttempts: number,
    options: ExecuteOptions,
    budget: RetryBudget,
  ): number | undefined {
    if (attempt >= maxAttempts || !this.failures.isTransient(error)) return undefined;
    const delayMs =
      this.failures.retryAfterMs(error) ??
      backoffDelayMs(attempt, this.settings.retry, this.random);
    if (delayMs + MIN_ATTEMPT_MS > options.deadline.remainingMs()) return undefined;
    return budget.tryWithdraw() ? delayMs : undefined;
  }

  private rejected(error: unknown): never {
    if (error instanceof ResilienceRejection && error.reason === 'bulkhead_full') {
      this.listener.bulkheadRejected?.(error.service);
    }
    throw error;
  }
}
