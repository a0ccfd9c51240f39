// The one place the bench reaches into another app: it reuses the demo identity provider (a real
// JWKS, real RS256 signatures) rather than writing a second one. The lint configuration allows
// exactly this import, from this folder.
import { startIdentityProvider } from '../../demo-backends/src/identity-provider';

export interface BenchIdentity {
  jwksUri: string;
  issuer: string;
  audience: string;
  /** One token per user: `tokens[i]` is signed for `userIds[i]`. */
  tokens: string[];
  userIds: string[];
  close(): Promise<void>;
}

const AUDIENCE = 'mobile-bff';
/** Far longer than any run: a token expiring mid-run would show up as 401s. */
const TOKEN_LIFETIME_SEC = 2 * 60 * 60;
/** User numbers start here so ids look like production ones (u-10000 … u-11999). */
const FIRST_USER = 10_000;

/** Starts the IdP on a free loopback port and signs one RS256 token per distinct user. */
export async function startIdentity(users: number): Promise<BenchIdentity> {
  const idp = await startIdentityProvider({ host: '127.0.0.1', port: 0, audience: AUDIENCE });
  const userIds = Array.from({ length: users }, (_, i) => `u-${FIRST_USER + i}`);
  const tokens = await Promise.all(
    userIds.map((sub) => idp.mint({ sub, alg: 'RS256', expiresInSec: TOKEN_LIFETIME_SEC })),
  );
  return {
    jwksUri: idp.jwksUri,
    issuer: idp.issuer,
    audience: idp.audience,
    tokens,
    userIds,
    close: () => idp.close(),
  };
}
