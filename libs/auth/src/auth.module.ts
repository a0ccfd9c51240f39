import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { JwksKeyStore } from './jwks-key-store';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Bearer-token authentication. The guard is provided but not registered as APP_GUARD here: the
 * app registers JwtAuthGuard globally in the order it wants (its module must import this one, which
 * exports the guard's dependencies). Needs the global ConfigModule.
 */
@Module({
  imports: [PassportModule],
  providers: [JwksKeyStore, VerifiedTokenCache, JwtStrategy, JwtAuthGuard],
  exports: [JwksKeyStore, VerifiedTokenCache, JwtAuthGuard],
})
export class AuthModule {}
