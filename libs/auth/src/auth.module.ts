import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from './audit/audit.module';
import { JwksKeyStore } from './jwks-key-store';
import { JwtAuthenticationGuard } from './jwt-authentication.guard';
import { JwtStrategy } from './jwt.strategy';
import { RejectedTokenCache } from './rejected-token-cache';
import { RequireAuthenticationGuard } from './require-authentication.guard';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Bearer-token authentication, as two guards the app's HTTP pipeline registers globally in this order,
 * with whatever needs to know the caller (the rate limiter) in between:
 * JwtAuthenticationGuard identifies the caller if a token is present and never rejects;
 * RequireAuthenticationGuard answers 401 (or 503 without signing keys) on a non-`@Public()` route
 * without a valid token. The guards are provided, not registered, here. Needs the global
 * ConfigModule. The key store refreshes itself on a schedule from bootstrap to shutdown.
 */
@Module({
  imports: [PassportModule, AuditModule],
  providers: [
    JwksKeyStore,
    VerifiedTokenCache,
    RejectedTokenCache,
    JwtStrategy,
    JwtAuthenticationGuard,
    RequireAuthenticationGuard,
  ],
  // The guards' dependencies too, for an app that registers them with APP_GUARD.
  exports: [
    AuditModule,
    JwksKeyStore,
    VerifiedTokenCache,
    RejectedTokenCache,
    JwtAuthenticationGuard,
    RequireAuthenticationGuard,
  ],
})
export class AuthModule {}
