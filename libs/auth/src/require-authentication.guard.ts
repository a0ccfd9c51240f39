import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthenticatedError } from '@app/errors';
import { authenticationFailureOf } from './authentication-outcome';
import type { AuthenticatedRequest } from './authenticated-user';
import { IS_PUBLIC_KEY } from './public.decorator';

/**
 * Step 2 of authentication (registered after JwtAuthenticationGuard, and after the rate limiter):
 * a route that is not `@Public()` answers 401 unless the request was authenticated.
 */
@Injectable()
export class RequireAuthenticationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.user) return true;
    throw new UnauthenticatedError(authenticationFailureOf(request));
  }
}
