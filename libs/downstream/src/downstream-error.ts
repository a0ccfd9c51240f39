import type { ServiceName } from '@app/config';

export type DownstreamFailure =
  /** No answer within the call's time budget. */
  | 'timeout'
  /** Connection refused or reset, or a 5xx. */
  | 'unavailable'
  /** 404: the id is unknown to the service. */
  | 'not_found'
  /** Any other 4xx: our request or credential was refused. */
  | 'rejected'
  /** 2xx whose body is not the JSON the contract promises. */
  | 'bad_response'
  /** Abandoned by the BFF because the answer no longer needs it: not the service's fault. */
  | 'cancelled';

/**
 * A failed downstream call. The message is for logs only: it names the service and the failure,
 * never the URL; the error filter never shows it to clients.
 */
export class DownstreamError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly failure: DownstreamFailure,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${service} service call failed: ${failure}${status ? ` (${status})` : ''}`, options);
    this.name = 'DownstreamError';
  }
}
