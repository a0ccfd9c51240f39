/**
 * Why a bearer token was not accepted. Kept per request (authentication-outcome.ts), counted per
 * minute in the audit log, and coarsened by `rejectionKindOf` into what the rest of the pipeline
 * acts on. Never sent to the client.
 */
export type RejectionReason =
  /** Not a compact JWS we can read: the header, its `alg` or `kid`, the encoding. */
  | 'malformed'
  /** A `kid` the identity provider's current key set does not hold. */
  | 'unknown-key'
  /** No key set to check against: the identity provider could not be reached. */
  | 'keys-unavailable'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'not-yet-valid'
  /** A `sub`, `exp` or `iat` that is missing or out of shape. */
  | 'bad-claims'
  /** `exp` further from `iat` (or from now) than AUTH_MAX_TOKEN_LIFETIME_SEC. */
  | 'too-long-lived'
  /** Genuine in every other respect: the app should refresh it. */
  | 'expired';

/**
 * - `expired`: a genuine token past its `exp`: 401, never 429, so the app refreshes it;
 * - `keys-unavailable`: not the caller's fault: 503, retryable;
 * - `invalid`: forged or malformed: 401, and counted in the bad-token rate limit.
 */
export type RejectionKind = 'expired' | 'keys-unavailable' | 'invalid';

export function rejectionKindOf(reason: RejectionReason): RejectionKind {
  return reason === 'expired' || reason === 'keys-unavailable' ? reason : 'invalid';
}

export class TokenRejectedError extends Error {
  constructor(
    readonly reason: RejectionReason,
    options?: { cause?: unknown },
  ) {
    super(`bearer token rejected: ${reason}`, options);
    this.name = 'TokenRejectedError';
  }

  get kind(): RejectionKind {
    return rejectionKindOf(this.reason);
  }
}

/**
 * What a verification failure was: ours already say it; jsonwebtoken's are told apart by class
 * name and message (it exports no codes). Anything unrecognised is `malformed`.
 */
export function asTokenRejection(error: unknown): TokenRejectedError {
  if (error instanceof TokenRejectedError) return error;
  return new TokenRejectedError(reasonOfLibraryError(error), { cause: error });
}

function reasonOfLibraryError(error: unknown): RejectionReason {
  if (!(error instanceof Error)) return 'malformed';
  if (error.name === 'NotBeforeError') return 'not-yet-valid';
  if (error.message === 'invalid signature') return 'bad-signature';
  if (error.message.startsWith('jwt audience invalid')) return 'wrong-audience';
  if (error.message.startsWith('jwt issuer invalid')) return 'wrong-issuer';
  return 'malformed';
}
