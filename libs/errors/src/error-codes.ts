/** Contract error codes (mobile-api.md) and the HTTP status each one maps to. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  UPSTREAM_UNAVAILABLE: 503,
  USER_PROFILE_UNAVAILABLE: 503,
  AUTH_UNAVAILABLE: 503,
  UPSTREAM_TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Messages a phone may show; nothing here names an internal service, host or URL. */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid.',
  UNAUTHENTICATED: 'Authentication is required.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'Not found.',
  METHOD_NOT_ALLOWED: 'This method is not allowed here.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This content type is not supported.',
  RATE_LIMITED: 'Too many requests. Please slow down.',
  INTERNAL_ERROR: 'Something went wrong.',
  UPSTREAM_UNAVAILABLE: 'A service is temporarily unavailable. Please try again.',
  USER_PROFILE_UNAVAILABLE: 'Could not load your profile. Please try again.',
  AUTH_UNAVAILABLE: 'Your sign-in cannot be checked right now. Please try again.',
  UPSTREAM_TIMEOUT: 'A service took too long to answer. Please try again.',
};

const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'USER_PROFILE_UNAVAILABLE',
  'AUTH_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
]);

export function isRetryable(code: ErrorCode): boolean {
  return RETRYABLE.has(code);
}
