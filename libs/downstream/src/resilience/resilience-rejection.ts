import type { ServiceName } from '@app/config';

/** Why a call was refused before it reached the network. */
export type RejectionReason = 'circuit_open' | 'bulkhead_full';

/** A call the policies refused at once: the service was not contacted. */
export class ResilienceRejection extends Error {
  constructor(
    readonly service: ServiceName,
    readonly reason: RejectionReason,
    options?: { cause?: unknown },
  ) {
    super(`${service} call refused: ${reason}`, options);
    this.name = 'ResilienceRejection';
  }
}
