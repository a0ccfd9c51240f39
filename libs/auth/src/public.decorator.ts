import { CustomDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

export const IS_PUBLIC_KEY = 'auth:public';

/** How a route treats tokens: not needed at all, or optional but checked when sent. */
export type PublicAccess = 'any-token' | 'valid-token-if-sent';

/**
 * Opts a handler or a whole controller out of RequireAuthenticationGuard: the token is optional
 * (a valid one still identifies the caller, a bad one leaves the request anonymous).
 */
export const Public = (): CustomDecorator<string> =>
  SetMetadata<string, PublicAccess>(IS_PUBLIC_KEY, 'any-token');

/**
 * Anonymous callers are served, but a token that is sent must be valid (401 otherwise): a client
 * that believes it is signed in must not silently get the anonymous answer.
 */
export const TokenOptional = (): CustomDecorator<string> =>
  SetMetadata<string, PublicAccess>(IS_PUBLIC_KEY, 'valid-token-if-sent');

/** The route's access (handler first, then its controller); undefined: a token is required. */
export function routeAccessOf(
  reflector: Reflector,
  context: ExecutionContext,
): PublicAccess | undefined {
  return reflector.getAllAndOverride<PublicAccess | undefined>(IS_PUBLIC_KEY, [
    context.getHandler(),
    context.getClass(),
  ]);
}
