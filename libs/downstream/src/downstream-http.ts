import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { AppConfig, InjectConfig, ServiceName } from '@app/config';
import { outgoingTraceparent } from '@app/observability';
import { performance } from 'node:perf_hooks';
import type { CallContext } from './call-context';
import { DownstreamError } from './downstream-error';
import { DownstreamEvents } from './downstream-events';

export type QueryValue = string | number | boolean | undefined;

export interface DownstreamRequest {
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as X-User-Id: the authenticated user the call is about, never a client-sent header. */
  userId?: string;
}

/**
 * The one transport every service client uses: base URL, service credential, propagation
 * headers, a timeout bounded by the request's deadline, and the mapping of every failure
 * (status, socket, timeout, non-JSON body) to a DownstreamError that names the service only.
 */
@Injectable()
export class DownstreamHttp {
  constructor(
    private readonly http: HttpService,
    @InjectConfig() private readonly config: AppConfig,
    private readonly events: DownstreamEvents,
  ) {}

  async getJson(
    service: ServiceName,
    context: CallContext,
    request: DownstreamRequest,
  ): Promise<unknown> {
    const started = performance.now();
    const tracker = this.events.callStarted({ service, context, attempt: 1 });
    try {
      const body = await this.attempt(service, context, request, tracker.headers);
      tracker.end({ outcome: 'success', durationMs: performance.now() - started });
      return body;
    } catch (error) {
      const failure = error instanceof DownstreamError ? error : undefined;
      tracker.end({
        outcome: failure?.failure ?? 'unavailable',
        status: failure?.status,
        durationMs: performance.now() - started,
      });
      throw error;
    }
  }

  private async attempt(
    service: ServiceName,
    context: CallContext,
    request: DownstreamRequest,
    observerHeaders: Record<string, string>,
  ): Promise<unknown> {
    const endpoint = this.config.upstream.services[service];
    const timeoutMs = Math.floor(Math.min(endpoint.timeoutMs, context.deadline.remainingMs()));
    if (timeoutMs <= 0) throw new DownstreamError(service, 'timeout');

    let status: number;
    let body: string;
    try {
      const response = await this.http.axiosRef.request<string>({
        method: 'GET',
        url: endpoint.baseUrl + request.path + queryString(request.query),
        headers: { ...this.headers(context, request.userId), ...observerHeaders },
        signal: AbortSignal.timeout(timeoutMs),
        responseType: 'text',
        transformResponse: (data: string) => data,
        validateStatus: () => true,
        maxRedirects: 0,
      });
      status = response.status;
      body = response.data;
    } catch (error) {
      throw new DownstreamError(service, isTimeout(error) ? 'timeout' : 'unavailable', undefined, {
        cause: error,
      });
    }
    if (status === 404) throw new DownstreamError(service, 'not_found', status);
    if (status >= 500) throw new DownstreamError(service, 'unavailable', status);
    if (status < 200 || status >= 300) throw new DownstreamError(service, 'rejected', status);
    return parseJson(service, body);
  }

  private headers(context: CallContext, userId: string | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.config.upstream.serviceToken}`,
      'x-request-id': context.requestId,
      traceparent: outgoingTraceparent(context.traceId),
    };
    if (userId !== undefined) headers['x-user-id'] = userId;
    return headers;
  }
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.append(name, String(value));
  }
  const encoded = params.toString();
  return encoded ? `?${encoded}` : '';
}

function parseJson(service: ServiceName, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new DownstreamError(service, 'bad_response', undefined, { cause: error });
  }
}

function isTimeout(error: unknown): boolean {
  return isAxiosError(error) && (error.code === 'ERR_CANCELED' || error.code === 'ECONNABORTED');
}
