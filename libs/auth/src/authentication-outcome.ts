import type { FastifyRequest } from 'fastify';

/**
 * Why a request's bearer token was not accepted, kept from the authenticate step until the
 * require-authentication step turns it into the 401 (as its logged cause, never sent).
 */
const failures = new WeakMap<FastifyRequest, unknown>();

export function recordAuthenticationFailure(request: FastifyRequest, cause: unknown): void {
  failures.set(request, cause);
}

export function authenticationFailureOf(request: FastifyRequest): unknown {
  return failures.get(request);
}
