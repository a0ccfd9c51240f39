import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorEnvelope } from './error-envelope';

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED: missing or invalid token',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE: the body is over the limit',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not JSON',
  429: 'RATE_LIMITED',
  503: 'A critical source is unavailable',
  504: 'UPSTREAM_TIMEOUT',
};

/** Documents the error envelope for each status a route can answer with. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, type: ErrorEnvelope, description: DESCRIPTIONS[status] }),
    ),
  );
}
