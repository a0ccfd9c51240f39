import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthModule, JwtAuthenticationGuard, RequireAuthenticationGuard } from '@app/auth';
import { GlobalExceptionFilter } from '@app/errors';
import { RateLimitGuard, RateLimitModule } from '@app/rate-limit';

/**
 * The cross-cutting stack, registered globally and in order, in one place. Guards run in this order:
 * 1. JwtAuthenticationGuard: identifies the caller from a bearer token, if any; never rejects.
 * 2. RateLimitGuard: counts the request against that user, or against the client address when
 *    anonymous (bad tokens included), sets the X-RateLimit headers, 429 when over the limit.
 *    Opt out with @SkipThrottle() (health).
 * 3. RequireAuthenticationGuard: 401 unless the route is @Public() or the caller was identified.
 * One filter turns every error into the contract's envelope.
 */
@Module({
  imports: [AuthModule, RateLimitModule],
  providers: [
    { provide: APP_GUARD, useClass: JwtAuthenticationGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: RequireAuthenticationGuard },
    { provide: APP_FILTER, useClass: GlobalExceptionFilter },
  ],
})
export class CoreModule {}
