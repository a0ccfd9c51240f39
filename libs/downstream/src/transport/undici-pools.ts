import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';
import { AppConfig, InjectConfig } from '@app/config';
import { BodyLimits, readBoundedBody } from './bounded-body';

/** Plenty for a fan-out per screen under load; beyond it calls queue in the pool. */
const CONNECTIONS_PER_SERVICE = 128;
/** Under the services' own idle timeouts, so a pooled socket is not closed under a request. */
const KEEP_ALIVE_MS = 30_000;
/** The contract's payloads nest a few levels; far deeper is no answer the BFF could use. */
const MAX_JSON_DEPTH = 64;

export interface TransportRequest {
  /** The service's base URL (a service may live under a path, e.g. `http://host/api`). */
  baseUrl: string;
  method: 'GET' | 'PUT' | 'DELETE';
  /** Path and query, appended to the base URL's path. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Bounds the wait for the headers and for each part of the body (undici's own timers). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The decoded text of a 2xx answer; empty for any other, whose body is never read. */
  body: string;
}

interface Target {
  readonly pool: Pool;
  readonly basePath: string;
}

/**
 * One keep-alive undici Pool per service origin: no per-request socket setup, a fast parser, and
 * timeouts on undici's coarse shared timers instead of a timer (and signal) per call. Failures
 * are undici's errors, thrown as they are, or an UnacceptableBody past the body limits.
 */
@Injectable()
export class UndiciPools implements OnApplicationShutdown {
  private readonly targets = new Map<string, Target>();
  private readonly limits: BodyLimits;

  constructor(@InjectConfig() config: AppConfig) {
    this.limits = { maxBytes: config.upstream.maxBodyBytes, maxDepth: MAX_JSON_DEPTH };
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const { pool, basePath } = this.targetFor(request.baseUrl);
    const { statusCode, headers, body } = await pool.request({
      method: request.method,
      path: basePath + request.path,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
    });
    if (statusCode < 200 || statusCode >= 300) {
      // Only the status and headers count: the body is drained unread (up to undici's limit, then
      // the socket is dropped).
      await body.dump();
      return { status: statusCode, headers, body: '' };
    }
    return { status: statusCode, headers, body: await readBoundedBody(body, headers, this.limits) };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.targets.values()].map(({ pool }) => pool.destroy()));
  }

  private targetFor(baseUrl: string): Target {
    let target = this.targets.get(baseUrl);
    if (!target) {
      const url = new URL(baseUrl);
      target = {
        pool: new Pool(url.origin, {
          connections: CONNECTIONS_PER_SERVICE,
          keepAliveTimeout: KEEP_ALIVE_MS,
        }),
        basePath: url.pathname === '/' ? '' : url.pathname.replace(/\/$/, ''),
      };
      this.targets.set(baseUrl, target);
    }
    return target;
  }
}
