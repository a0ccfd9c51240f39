import { Injectable } from '@nestjs/common';
import type { ServiceName } from '@app/config';
import type { CallContext } from './call-context';
import type { DownstreamFailure } from './downstream-error';

/** How one attempt of a downstream call ended; the last two never reached the network. */
export type CallOutcome = 'success' | DownstreamFailure | 'circuit_open' | 'bulkhead_full';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CallStart {
  service: ServiceName;
  context: CallContext;
  /** 1 for the first try, 2+ for retries. */
  attempt: number;
}

export interface CallEnd {
  outcome: CallOutcome;
  durationMs: number;
  status?: number;
}

/** What an observer wants for one attempt: headers to send (e.g. traceparent) and its end. */
export interface CallTracker {
  headers?: Record<string, string>;
  end?(result: CallEnd): void;
}

/** List elements a client left out of a valid answer, and why. */
export interface DroppedElements {
  service: ServiceName;
  /** What was dropped: `order`, `product`, `recommendation`... */
  element: string;
  /** `malformed`: not the contract's shape; `other_user`: belongs to someone else. */
  reason: 'malformed' | 'other_user';
  count: number;
}

/**
 * Something that watches downstream traffic (telemetry). Observers subscribe to DownstreamEvents;
 * the transport, the resilience policies and the clients report to it and know none of them.
 */
export interface DownstreamObserver {
  callStarted?(call: CallStart): CallTracker | void;
  retried?(service: ServiceName, attempt: number, delayMs: number): void;
  breakerChanged?(service: ServiceName, state: BreakerState): void;
  bulkheadRejected?(service: ServiceName): void;
  elementsDropped?(dropped: DroppedElements): void;
}

@Injectable()
export class DownstreamEvents {
  private readonly observers: DownstreamObserver[] = [];

  subscribe(observer: DownstreamObserver): void {
    this.observers.push(observer);
  }

  callStarted(call: CallStart): CallTracker {
    // The usual case, one observer (telemetry): its tracker as it is, nothing merged per attempt.
    if (this.observers.length === 1) return this.observers[0].callStarted?.(call) ?? {};
    const trackers = this.observers.map((observer) => observer.callStarted?.(call) ?? {});
    return {
      headers: Object.assign({}, ...trackers.map((tracker) => tracker.headers)) as Record<
        string,
        string
      >,
      end: (result) => trackers.forEach((tracker) => tracker.end?.(result)),
    };
  }

  retried(service: ServiceName, attempt: number, delayMs: number): void {
    this.observers.forEach((observer) => observer.retried?.(service, attempt, delayMs));
  }

  breakerChanged(service: ServiceName, state: BreakerState): void {
    this.observers.forEach((observer) => observer.breakerChanged?.(service, state));
  }

  bulkheadRejected(service: ServiceName): void {
    this.observers.forEach((observer) => observer.bulkheadRejected?.(service));
  }

  elementsDropped(dropped: DroppedElements): void {
    if (dropped.count === 0) return;
    this.observers.forEach((observer) => observer.elementsDropped?.(dropped));
  }
}
