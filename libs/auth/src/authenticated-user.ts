import type { FastifyRequest } from 'fastify';

/** The caller as the guard leaves it on `request.user` (the strategy's `validate` result). */
export interface AuthenticatedUser {
  /** The token's `sub`. */
  readonly userId: string;
  /** Every verified claim. Frozen: one object is shared by all requests carrying the token. */
  readonly claims: Readonly<Record<string, unknown>>;
}

export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };
