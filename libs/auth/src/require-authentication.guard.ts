import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, UnauthenticatedError } from '@app/errors';
import { tokenRejectionOf } from './authentication-outcome';
import type { AuthenticatedRequest } from './authenticated-user';
import { routeAccessOf } from './public.decorator';

/**
 * Step 2 of authentication (registered after JwtAuthenticationGuard, and after the rate limiter):
 * a route that is not `@Public()` answers 401 unless the request was authenticated; a
 * `@TokenOptional()` one answers 401 only when a token was sent and not accepted. A token that
 * could not be checked for want of signing keys is not the caller's fault: 503 AUTH_UNAVAILABLE
 * (retryable), never the 401 that makes an app log its user out.
 */
@Injectable()
export class RequireAuthenticationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = routeAccessOf(this.reflector, context);
    if (access === 'any-token') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.user) return true;
    const rejection = tokenRejectionOf(request);
    if (access === 'valid-token-if-sent' && rejection === undefined) return true;
    if (rejection?.kind === 'keys-unavailable') {
      throw new AppError('AUTH_UNAVAILABLE', undefined, undefined, { cause: rejection });
    }
    throw new UnauthenticatedError(rejection);
  }
}
