import type { FastifyRequest } from 'fastify';
import type { RejectionKind, TokenRejectedError } from './token-rejection';

/**
 * Why a request's bearer token was not accepted, kept from the authenticate step for the guards
 * after it: the rate limiter (which budget counts it) and the require step (which answer, with
 * the rejection as its logged cause, never sent). Only kept where the route looks at tokens.
 */
const rejections = new WeakMap<FastifyRequest, TokenRejectedError>();

export function recordTokenRejection(request: FastifyRequest, rejection: TokenRejectedError): void {
  rejections.set(request, rejection);
}

export function tokenRejectionOf(request: FastifyRequest): TokenRejectedError | undefined {
  return rejections.get(request);
}

/** For the rate limiter: what kind of bad token the request carried, if any. */
export function tokenRejectionKindOf(request: FastifyRequest): RejectionKind | undefined {
  return rejections.get(request)?.kind;
}
