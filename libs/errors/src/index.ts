export { AppError, UnauthenticatedError, ValidationFailedError } from './app-error';
export type { ValidationIssue } from './app-error';
export { ERROR_STATUS, isRetryable } from './error-codes';
export type { ErrorCode } from './error-codes';
export { ErrorEnvelope } from './error-envelope';
export { GlobalExceptionFilter } from './global-exception.filter';
export { ApiErrorResponses } from './api-error-responses.decorator';
export { requestValidationPipe } from './request-validation.pipe';
