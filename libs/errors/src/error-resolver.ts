import { HttpException } from '@nestjs/common';
import { AppError } from './app-error';
import { DEFAULT_MESSAGES, ErrorCode } from './error-codes';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UPSTREAM_UNAVAILABLE',
  504: 'UPSTREAM_TIMEOUT',
};

/**
 * Maps anything thrown to a contract error. Framework errors (Nest's HttpException, Fastify's
 * parser errors carrying a statusCode) keep their status class but never their message, which
 * can echo routes, parser internals or payload fragments.
 */
export function resolveError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  const status = statusOf(exception);
  const code = status === undefined ? undefined : CODE_BY_STATUS[status];
  if (code) return new AppError(code, DEFAULT_MESSAGES[code], undefined, { cause: exception });
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppError('VALIDATION_FAILED', DEFAULT_MESSAGES.VALIDATION_FAILED, undefined, {
      cause: exception,
    });
  }
  return new AppError('INTERNAL_ERROR', DEFAULT_MESSAGES.INTERNAL_ERROR, undefined, {
    cause: exception,
  });
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception === 'object' && exception !== null && 'statusCode' in exception) {
    return typeof exception.statusCode === 'number' ? exception.statusCode : undefined;
  }
  return undefined;
}
