import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { UnauthenticatedError } from '@app/errors';
import { recordAuthenticationFailure } from './authentication-outcome';
import type { AuthenticatedRequest, AuthenticatedUser } from './authenticated-user';
import { bearerTokenOf } from './bearer-token';
import { JWT_STRATEGY } from './jwt.strategy';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Step 1 of authentication, on every route: identifies the caller when the request carries a
 * bearer token, and never rejects anything. A valid token leaves the user on `request.user`; a
 * missing or bad one leaves the request anonymous. Whether a route may be served anonymously is
 * decided later by RequireAuthenticationGuard, so that the guards in between (the rate limiter)
 * see every request, bad-token ones included, and can key it by user or by address.
 *
 * A token already verified is served from the cache; otherwise passport-jwt verifies it.
 */
@Injectable()
export class JwtAuthenticationGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(private readonly verifiedTokens: VerifiedTokenCache) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.headers.authorization === undefined) return true;
    try {
      await this.authenticate(context, request);
    } catch (error) {
      request.user = undefined;
      recordAuthenticationFailure(request, error);
    }
    return true;
  }

  /** Passport's outcome: any failure, whatever its cause, is the client's plain 401 (later). */
  override handleRequest<TUser = AuthenticatedUser>(
    err: unknown,
    user: unknown,
    info: unknown,
  ): TUser {
    if (err instanceof UnauthenticatedError) throw err;
    if (err || !user) throw new UnauthenticatedError(err ?? info);
    return user as TUser;
  }

  private async authenticate(
    context: ExecutionContext,
    request: AuthenticatedRequest,
  ): Promise<void> {
    const token = bearerTokenOf(request);
    if (!token) throw new UnauthenticatedError();
    let user = this.verifiedTokens.get(token);
    if (!user) {
      await super.canActivate(context); // passport-jwt verifies and sets request.user, or throws
      user = request.user;
      if (!user) throw new UnauthenticatedError();
      this.verifiedTokens.set(token, user);
    }
    request.user = user;
  }
}
