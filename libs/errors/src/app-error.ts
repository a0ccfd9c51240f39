import { DEFAULT_MESSAGES, ERROR_STATUS, ErrorCode } from './error-codes';

export interface ValidationIssue {
  field: string;
  issue: string;
}

/**
 * A failure the client is told about. Domain code throws these (never HttpException); the global
 * filter turns them into the contract envelope. `message` is what the phone sees, so it must never
 * carry internal detail: put that in `cause`, which is logged, not sent.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGES[code],
    readonly details?: readonly ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class ValidationFailedError extends AppError {
  constructor(details: readonly ValidationIssue[]) {
    super('VALIDATION_FAILED', DEFAULT_MESSAGES.VALIDATION_FAILED, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(cause?: unknown) {
    super('UNAUTHENTICATED', DEFAULT_MESSAGES.UNAUTHENTICATED, undefined, { cause });
  }
}
