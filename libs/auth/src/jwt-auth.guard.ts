import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { UnauthenticatedError } from '@app/errors';
import { findRequestContext } from '@app/observability';
import type { AuthenticatedRequest, AuthenticatedUser } from './authenticated-user';
import { bearerTokenOf } from './bearer-token';
import { JWT_STRATEGY } from './jwt.strategy';
import { IS_PUBLIC_KEY } from './public.decorator';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Authenticates every route unless it is `@Public()`. Registered globally by the app (APP_GUARD).
 * A token already verified is served from the cache; otherwise passport-jwt verifies it.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifiedTokens: VerifiedTokenCache,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!isPublic) {
      await this.authenticate(context, request);
    } else if (request.headers.authorization !== undefined) {
      // Token optional here: a valid one identifies the caller (e.g. for their locale), a bad one
      // leaves the request anonymous rather than failing a route that needs no login.
      await this.authenticate(context, request).catch(() => undefined);
    }
    return true;
  }

  /** Passport's outcome: any failure, whatever its cause, is the client's plain 401. */
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
    const requestContext = findRequestContext(request);
    if (requestContext) requestContext.userId = user.userId; // so logs carry the user
  }
}
