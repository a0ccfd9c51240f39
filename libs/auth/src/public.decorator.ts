import { CustomDecorator, SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'auth:public';

/**
 * Opts a handler or a whole controller out of RequireAuthenticationGuard: the token is optional
 * (a valid one still identifies the caller, a bad one leaves the request anonymous).
 */
export const Public = (): CustomDecorator<string> => SetMetadata(IS_PUBLIC_KEY, true);
