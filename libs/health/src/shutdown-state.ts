import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/**
 * Whether this instance is on its way out. Set once, on SIGTERM/SIGINT, before the listener
 * closes: from then on readiness fails so load balancers stop sending, while everything else
 * (liveness included) is still served normally until the drain delay is over.
 */
@Injectable()
export class ShutdownState {
  private drainingSince: number | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Idempotent: a second signal does not restart the drain. */
  beginDraining(now = Date.now()): void {
    this.drainingSince ??= now;
  }
}

/** Readiness input: `down` while draining, so `/health/ready` answers 503 (liveness ignores it). */
@Injectable()
export class ShutdownIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly state: ShutdownState,
  ) {}

  check(): HealthIndicatorResult {
    const session = this.indicators.check('lifecycle');
    return this.state.draining ? session.down({ message: 'draining' }) : session.up();
  }
}
