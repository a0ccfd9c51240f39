import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { SecretOrKeyProvider, Strategy } from 'passport-jwt';
import { AppConfig, InjectConfig } from '@app/config';
import { PINNED_ALGORITHMS } from './algorithms';
import type { AuthenticatedUser } from './authenticated-user';
import { bearerTokenOf } from './bearer-token';
import { JwksKeyStore } from './jwks-key-store';
import { checkedSubject, ClaimRules } from './token-claims';
import { pinnedHeaderOf } from './token-header';
import { TokenRejectedError } from './token-rejection';

export const JWT_STRATEGY = 'jwt';
/** The contract caps the leeway at 5 s; config validation does too, this is belt and braces. */
const MAX_CLOCK_TOLERANCE_SEC = 5;

/**
 * passport-jwt (jsonwebtoken) checks signature, iss, aud and nbf against the IdP's JWKS; expiry
 * and the rest of the claims are checked in `validate`, last, so that an expired token can be told
 * apart from a forged one (see token-claims.ts).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly rules: ClaimRules;

  constructor(@InjectConfig() config: AppConfig, keyStore: JwksKeyStore) {
    const clockToleranceSec = Math.min(config.auth.clockToleranceSec, MAX_CLOCK_TOLERANCE_SEC);
    super({
      jwtFromRequest: (request: FastifyRequest) => bearerTokenOf(request) ?? null,
      secretOrKeyProvider: keyProviderFor(keyStore),
      algorithms: [...PINNED_ALGORITHMS],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      // Checked in validate(), after everything else (checkedSubject).
      ignoreExpiration: true,
      jsonWebTokenOptions: { clockTolerance: clockToleranceSec },
    });
    this.rules = { maxLifetimeSec: config.auth.maxTokenLifetimeSec, clockToleranceSec };
  }

  /** Runs once signature and iss/aud/nbf passed; throws a TokenRejectedError. */
  validate(payload: unknown): AuthenticatedUser {
    if (typeof payload !== 'object' || payload === null) {
      throw new TokenRejectedError('bad-claims');
    }
    const claims = payload as Record<string, unknown>;
    const userId = checkedSubject(claims, this.rules);
    return deepFreeze({ userId, claims: { ...claims } });
  }
}

/** Picks the verification key from the token's header, which is read but never trusted. */
function keyProviderFor(keyStore: JwksKeyStore): SecretOrKeyProvider {
  return (_request: unknown, rawJwtToken: unknown, done) => {
    const header = pinnedHeaderOf(rawJwtToken);
    if (!header) {
      done(new TokenRejectedError('malformed'));
      return;
    }
    keyStore.getPublicKey(header.kid, header.alg).then(
      // passport-jwt's types predate KeyObject; jsonwebtoken 9 takes one and parses nothing.
      (publicKey) => done(null, publicKey as unknown as string),
      (error: unknown) => done(error),
    );
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}
