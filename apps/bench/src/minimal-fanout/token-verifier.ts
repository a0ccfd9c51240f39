import { JSONWebKeySet, createLocalJWKSet, jwtVerify } from 'jose';

/** Verified tokens kept at most; past it the cache starts over (cheaper than an LRU here). */
const MAX_CACHED_TOKENS = 10_000;
const CLOCK_TOLERANCE_SEC = 5;

/**
 * Bearer token → user id. The JWKS is fetched once at start-up and its keys imported once (jose's
 * local key set caches them per kid); a token that verified is trusted until its `exp`.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, { userId: string; expiresAtMs: number }>();

  private constructor(
    private readonly keys: ReturnType<typeof createLocalJWKSet>,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  static async create(jwksUri: string, issuer: string, audience: string): Promise<TokenVerifier> {
    const response = await fetch(jwksUri, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    const jwks = (await response.json()) as JSONWebKeySet;
    return new TokenVerifier(createLocalJWKSet(jwks), issuer, audience);
  }

  /** The token's `sub`, or undefined for a missing, malformed, expired or forged token. */
  async userIdOf(authorization: string | undefined): Promise<string | undefined> {
    if (!authorization?.startsWith('Bearer ')) return undefined;
    const token = authorization.slice('Bearer '.length);
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.userId;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: CLOCK_TOLERANCE_SEC,
        requiredClaims: ['exp', 'sub'],
      });
      if (!payload.sub || payload.exp === undefined) return undefined;
      if (this.verified.size >= MAX_CACHED_TOKENS) this.verified.clear();
      this.verified.set(token, { userId: payload.sub, expiresAtMs: payload.exp * 1000 });
      return payload.sub;
    } catch {
      return undefined;
    }
  }
}
