import { Pool } from 'undici';

/** The contract's five services; each has a `<NAME>_SERVICE_URL` variable, as for the BFF. */
export const SERVICES = ['users', 'orders', 'catalog', 'notifications', 'config'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface CallContext {
  userId: string;
  requestId: string;
  traceId: string;
  /** Fires at the request's deadline: every call still running is abandoned. */
  signal: AbortSignal;
}

/** One keep-alive undici Pool per service; counts every call so the bench can compare. */
export class DownstreamPools {
  calls = 0;
  private spans = 0;
  private readonly pools: Record<ServiceName, Pool>;

  constructor(
    urls: Record<ServiceName, string>,
    private readonly serviceToken: string,
  ) {
    this.pools = Object.fromEntries(
      SERVICES.map((service) => [service, new Pool(urls[service], { keepAliveTimeout: 30_000 })]),
    ) as Record<ServiceName, Pool>;
  }

  /** The parsed JSON body of a 2xx answer; anything else (status, reset, abort, non-JSON) throws. */
  async getJson(service: ServiceName, path: string, context: CallContext): Promise<unknown> {
    this.calls += 1;
    const { statusCode, body } = await this.pools[service].request({
      method: 'GET',
      path,
      signal: context.signal,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${this.serviceToken}`,
        'x-user-id': context.userId,
        'x-request-id': context.requestId,
        // A counter is a valid span id, and unlike crypto randomness per call it costs nothing.
        traceparent: `00-${context.traceId}-${(++this.spans).toString(16).padStart(16, '0')}-01`,
      },
    });
    if (statusCode < 200 || statusCode >= 300) {
      await body.dump();
      throw new Error(`${service} answered ${statusCode}`);
    }
    return body.json();
  }

  close(): Promise<void> {
    return Promise.all(SERVICES.map((service) => this.pools[service].close())).then(() => {});
  }
}
