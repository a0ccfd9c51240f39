import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { JwksKeyStore } from './jwks-key-store';
import { JwtAuthenticationGuard } from './jwt-authentication.guard';
import { JwtStrategy } from './jwt.strategy';
import { RequireAuthenticationGuard } from './require-authentication.guard';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Bearer-token authentication, as two guards the app's HTTP pipeline registers globally in this order,
 * with whatever needs to know the caller (the rate limiter) in between:
 * JwtAuthenticationGuard identifies the caller if a token is present and never rejects;
 * RequireAuthenticationGuard answers 401 on a non-`@Public()` route without a valid token.
 * The guards are provided, not registered, here. Needs the global ConfigModule.
 */
@Module({
  imports: [PassportModule],
  providers: [
    JwksKeyStore,
    VerifiedTokenCache,
    JwtStrategy,
    JwtAuthenticationGuard,
    RequireAuthenticationGuard,
  ],
  exports: [JwksKeyStore, VerifiedTokenCache, JwtAuthenticationGuard, RequireAuthenticationGuard],
})
export class AuthModule {}
