export { AuthModule } from './auth.module';
export type { AuthenticatedUser } from './authenticated-user';
export { CurrentUser } from './current-user.decorator';
export { JwksKeyStore } from './jwks-key-store';
export { JwtAuthGuard } from './jwt-auth.guard';
export { Public } from './public.decorator';
