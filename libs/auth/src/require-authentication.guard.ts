import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthenticatedError } from '@app/errors';
import { authenticationFailureOf } from './authentication-outcome';
import type { AuthenticatedRequest } from './authenticated-user';
import { IS_PUBLIC_KEY, PublicAccess } from './public.decorator';

/**
 * Step 2 of authentication (registered after JwtAuthenticationGuard, and after the rate limiter):
 * a route that is not `@Public()` answers 401 unless the request was authenticated; a
 * `@TokenOptional()` one answers 401 only when a token was sent and not accepted.
 */
@Injectable()
export class RequireAuthenticationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<PublicAccess | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === 'any-token') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.user) return true;
    const failure = authenticationFailureOf(request);
    if (access === 'valid-token-if-sent' && failure === undefined) return true;
    throw new UnauthenticatedError(failure);
  }
}
