export { backoffCeilingMs, backoffDelayMs } from './backoff';
export type { BackoffSettings } from './backoff';
export { isSafeMethod } from './failure-policy';
export type { CircuitStatus, FailurePolicy, ResilienceListener } from './failure-policy';
export { ResilienceRejection } from './resilience-rejection';
export type { RejectionReason } from './resilience-rejection';
export { RetryBudget } from './retry-budget';
export { MIN_ATTEMPT_MS, ServiceResilience } from './service-resilience';
export type { Attempt, ExecuteOptions, Guard, ResilienceSettings } from './service-resilience';
