import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findRequestContext, newTraceId } from '@app/telemetry';
import { isRetryable } from './error-codes';
import type { ErrorEnvelope } from './error-envelope';
import { resolveError } from './error-resolver';

/** The one place where anything thrown becomes the contract's error envelope. */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = resolveError(exception);
    if (error.status >= 500) {
      this.logger.error({ err: error.cause ?? error, code: error.code }, 'request failed');
    }
    const envelope: ErrorEnvelope = {
      error: {
        code: error.code,
        message: error.message,
        traceId: findRequestContext(request)?.traceId ?? newTraceId(),
        retryable: isRetryable(error.code),
        ...(error.details ? { details: [...error.details] } : {}),
      },
    };
    // An error is never cached, and must not keep a validator meant for a successful body.
    void reply.header('cache-control', 'no-store').removeHeader('etag');
    this.adapterHost.httpAdapter.reply(reply, envelope, error.status);
  }
}
