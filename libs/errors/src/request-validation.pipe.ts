import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailedError, ValidationIssue } from './app-error';

/**
 * Validates and converts every DTO-typed parameter (`@Body`, `@Query`, `@Param` with a class):
 * unknown fields are rejected, not dropped silently, and a failure is the contract's
 * `400 VALIDATION_FAILED` with one `details` entry per broken field.
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(issuesOf(errors)),
  });
}

/** One issue per broken field, nested fields by their dotted path; the first rule each breaks. */
export function issuesOf(errors: readonly ValidationError[], parent = ''): ValidationIssue[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    const own = messages.length > 0 ? [{ field, issue: messages[0] }] : [];
    return [...own, ...issuesOf(error.children ?? [], field)];
  });
}
