import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { errors } from 'undici';
import { AppConfig, InjectConfig, ServiceName } from '@app/config';
import type { CallContext } from '../call-context';
import { DeadlineExceeded } from '../deadline';
import { DownstreamError } from '../downstream-error';
import { DownstreamEvents } from '../downstream-events';
import { isSafeMethod } from '../resilience/failure-policy';
import { ResilienceRejection } from '../resilience/resilience-rejection';
import { Guard, ServiceResilience } from '../resilience/service-resilience';
import {
  ConnectionFailed,
  parseRetryAfter,
  ServiceAnswer,
  UnacceptableBody,
} from './downstream-failures';
import { parseUntrustedJson } from './untrusted-json';

export type QueryValue = string | number | boolean | undefined;

export interface DownstreamRequest {
  /** Default GET. */
  method?: 'GET' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as X-User-Id: the authenticated user the call is about, never a client-sent header. */
  userId?: string;
  /**
   * May a transient failure be retried? Defaults by method: GET yes; anything else (e.g. a
   * device-registration PUT) only when the caller declares it idempotent.
   */
  idempotent?: boolean;
  /** Sent as JSON. */
  body?: unknown;
}

/** A 2xx answer: its status (200 vs 201 vs 204 matters to writes) and its parsed body, if any. */
export interface DownstreamAnswer {
  status: number;
  body: unknown;
}

/**
 * The one transport every service client uses, Nest's HttpService over an undici Pool per service
 * (see undici-adapter.ts): base URL,
 * service credential, propagation headers, a timeout bounded by the request's deadline,
 * cancellation through the call context's signal, the mapping of every failure (status, socket,
 * timeout, a body that is not JSON or is too large or too deep) to a DownstreamError that names
 * the service only, and each service's resilience policies.
 */
@Injectable()
export class DownstreamHttp {
  /** The BFF's credential, as a header value built once. */
  private readonly authorization: string;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly events: DownstreamEvents,
    private readonly resilience: ServiceResilience,
    private readonly http: HttpService,
  ) {
    this.authorization = `Bearer ${config.upstream.serviceToken}`;
  }

  /** A GET (or any call) whose 2xx body is all the caller needs. */
  async getJson(
    service: ServiceName,
    context: CallContext,
    request: DownstreamRequest,
  ): Promise<unknown> {
    return (await this.send(service, context, request)).body;
  }

  /** Any call; a 404 is a `not_found` DownstreamError, every other non-2xx a failure. */
  send(
    service: ServiceName,
    context: CallContext,
    request: DownstreamRequest,
  ): Promise<DownstreamAnswer> {
    const idempotent = request.idempotent ?? isSafeMethod(request.method ?? 'GET');
    return this.resilience.execute(
      service,
      { idempotent, deadline: context.deadline, signal: context.signal },
      (attempt, guard) => this.tracked(service, context, request, attempt, guard),
    );
  }

  /** One attempt, reported to the observers whatever its outcome (refusals included). */
  private async tracked(
    service: ServiceName,
    context: CallContext,
    request: DownstreamRequest,
    attempt: number,
    guard: Guard,
  ): Promise<DownstreamAnswer> {
    const started = performance.now();
    const tracker = this.events.callStarted({ service, context, attempt });
    try {
      const timeoutMs = this.timeoutMs(service, context);
      const body = await guard(() =>
        this.attempt(service, context, request, timeoutMs, tracker.headers),
      );
      tracker.end?.({ outcome: 'success', durationMs: performance.now() - started });
      return body;
    } catch (error) {
      const failure = asDownstreamError(service, error);
      tracker.end?.({
        outcome: error instanceof ResilienceRejection ? error.reason : failure.failure,
        status: failure.status,
        durationMs: performance.now() - started,
      });
      throw failure;
    }
  }

  /**
   * The service's timeout or what is left of the deadline, whichever is shorter: every attempt
   * ends, whoever holds the signal it was given. The transport's own timers enforce it.
   */
  private timeoutMs(service: ServiceName, context: CallContext): number {
    // Out of time (or abandoned) before the call: not the service's fault, never a breaker failure.
    if (context.signal.aborted) throw abandoned(service, context.signal);
    const { timeoutMs } = this.config.upstream.services[service];
    const budgetMs = Math.floor(Math.min(timeoutMs, context.deadline.remainingMs()));
    if (budgetMs <= 0) throw new DownstreamError(service, 'timeout');
    return budgetMs;
  }

  private async attempt(
    service: ServiceName,
    context: CallContext,
    request: DownstreamRequest,
    timeoutMs: number,
    observerHeaders: Record<string, string> | undefined,
  ): Promise<DownstreamAnswer> {
    const endpoint = this.config.upstream.services[service];
    let status: number;
    let body: string;
    let retryAfter: unknown;
    try {
      const response = await this.http.axiosRef.request<string>({
        baseURL: endpoint.baseUrl,
        method: request.method ?? 'GET',
        url: request.path + queryString(request.query),
        headers: this.headers(context, request, observerHeaders),
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeout: timeoutMs,
        signal: context.signal,
      });
      status = response.status;
      body = response.data;
      retryAfter = response.headers['retry-after'];
    } catch (error) {
      if (context.signal.aborted) throw abandoned(service, context.signal, error);
      if (error instanceof UnacceptableBody)
        throw new DownstreamError(service, 'bad_response', undefined, { cause: error });
      if (isTimeout(error))
        throw new DownstreamError(service, 'timeout', undefined, { cause: error });
      throw new DownstreamError(service, 'unavailable', undefined, {
        cause: new ConnectionFailed(error),
      });
    }
    if (status === 404) throw new DownstreamError(service, 'not_found', status);
    if (status >= 500) {
      throw new DownstreamError(service, 'unavailable', status, {
        cause: new ServiceAnswer(status, parseRetryAfter(retryAfter)),
      });
    }
    if (status < 200 || status >= 300) throw new DownstreamError(service, 'rejected', status);
    return { status, body: status === 204 || body === '' ? undefined : parseJson(service, body) };
  }

  private headers(
    context: CallContext,
    request: DownstreamRequest,
    observerHeaders: Record<string, string> | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.authorization,
      'x-request-id': context.request.requestId,
    };
    if (request.userId !== undefined) headers['x-user-id'] = request.userId;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    return observerHeaders ? Object.assign(headers, observerHeaders) : headers;
  }
}

/** A call the request gave up on: past its deadline (a timeout) or no longer needed. */
function abandoned(service: ServiceName, signal: AbortSignal, cause?: unknown): DownstreamError {
  const failure = signal.reason instanceof DeadlineExceeded ? 'timeout' : 'cancelled';
  return new DownstreamError(service, failure, undefined, { cause: cause ?? signal.reason });
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

/** The one parse of an answer, already within the size and depth limits (bounded-body.ts). */
function parseJson(service: ServiceName, body: string): unknown {
  try {
    return parseUntrustedJson(body);
  } catch (error) {
    throw new DownstreamError(service, 'bad_response', undefined, { cause: error });
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError;
}

/** Refusals by the policies become `unavailable` (503 for critical calls), naming their cause. */
function asDownstreamError(service: ServiceName, error: unknown): DownstreamError {
  if (error instanceof DownstreamError) return error;
  return new DownstreamError(service, 'unavailable', undefined, { cause: error });
}
