export { AuthModule } from './auth.module';
export type { AuthenticatedRequest, AuthenticatedUser } from './authenticated-user';
export { CurrentUser } from './current-user.decorator';
export { JwksKeyStore } from './jwks-key-store';
export { JwtAuthenticationGuard } from './jwt-authentication.guard';
export { Public, TokenOptional } from './public.decorator';
export { RequireAuthenticationGuard } from './require-authentication.guard';
