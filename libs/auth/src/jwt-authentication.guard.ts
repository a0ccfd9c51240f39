import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuditLog } from './audit/audit-log';
import { recordTokenRejection } from './authentication-outcome';
import type { AuthenticatedRequest, AuthenticatedUser } from './authenticated-user';
import { bearerTokenOf } from './bearer-token';
import { JWT_STRATEGY } from './jwt.strategy';
import { routeAccessOf } from './public.decorator';
import { RejectedTokenCache } from './rejected-token-cache';
import { pinnedHeaderOf } from './token-header';
import { asTokenRejection, TokenRejectedError } from './token-rejection';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Step 1 of authentication, on every route: identifies the caller when the request carries a
 * bearer token, and never rejects anything. A valid token leaves the user on `request.user`; a
 * missing or bad one leaves the request anonymous, with the rejection recorded (where the route
 * looks at tokens) for the steps after it: the rate limiter, which counts bad tokens in a budget
 * of their own, and RequireAuthenticationGuard, which answers 401 or 503.
 *
 * A token already verified is served from the cache, one that recently failed is refused from
 * another; otherwise passport-jwt verifies it. Every rejection is counted in the audit log.
 */
@Injectable()
export class JwtAuthenticationGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(
    private readonly verifiedTokens: VerifiedTokenCache,
    private readonly rejectedTokens: RejectedTokenCache,
    private readonly audit: AuditLog,
    private readonly reflector: Reflector,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.headers.authorization === undefined) return true;
    try {
      request.user = await this.authenticate(context, request);
    } catch (error) {
      request.user = undefined;
      const rejection = asTokenRejection(error);
      this.audit.tokenRejected(rejection.reason);
      // On a route that ignores tokens, a bad one is just an anonymous request.
      if (routeAccessOf(this.reflector, context) !== 'any-token') {
        recordTokenRejection(request, rejection);
      }
    }
    return true;
  }

  /** Passport's outcome: a failure, whatever its source, becomes a TokenRejectedError. */
  override handleRequest<TUser = AuthenticatedUser>(
    err: unknown,
    user: unknown,
    info: unknown,
  ): TUser {
    if (err || !user) throw asTokenRejection(err ?? info);
    return user as TUser;
  }

  private async authenticate(
    context: ExecutionContext,
    request: AuthenticatedRequest,
  ): Promise<AuthenticatedUser> {
    const token = bearerTokenOf(request);
    if (!token) throw new TokenRejectedError('malformed');
    const verified = this.verifiedTokens.get(token);
    if (verified) return verified;
    const rejected = this.rejectedTokens.get(token);
    if (rejected) throw rejected;
    try {
      await super.canActivate(context); // passport-jwt verifies and sets request.user, or throws
    } catch (error) {
      const rejection = asTokenRejection(error);
      this.rejectedTokens.set(token, rejection);
      throw rejection;
    }
    const user = request.user;
    const kid = pinnedHeaderOf(token)?.kid; // read before verification, so always there now
    if (!user || !kid) throw new TokenRejectedError('malformed');
    this.verifiedTokens.set(token, user, kid);
    return user;
  }
}
