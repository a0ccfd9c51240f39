import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { decodeProtectedHeader } from 'jose';
import { SecretOrKeyProvider, Strategy } from 'passport-jwt';
import { AppConfig, InjectConfig } from '@app/config';
import { UnauthenticatedError } from '@app/errors';
import { isPinnedAlgorithm, PINNED_ALGORITHMS, PinnedAlgorithm } from './algorithms';
import type { AuthenticatedUser } from './authenticated-user';
import { bearerTokenOf } from './bearer-token';
import { JwksKeyStore } from './jwks-key-store';

export const JWT_STRATEGY = 'jwt';
/** The contract caps the leeway at 5 s; config validation does too, this is belt and braces. */
const MAX_CLOCK_TOLERANCE_SEC = 5;

/** passport-jwt (jsonwebtoken) checks signature, iss, aud, exp and nbf against the IdP's JWKS. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(@InjectConfig() config: AppConfig, keyStore: JwksKeyStore) {
    super({
      jwtFromRequest: (request: FastifyRequest) => bearerTokenOf(request) ?? null,
      secretOrKeyProvider: keyProviderFor(keyStore),
      algorithms: [...PINNED_ALGORITHMS],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: {
        clockTolerance: Math.min(config.auth.clockToleranceSec, MAX_CLOCK_TOLERANCE_SEC),
      },
    });
  }

  /** Runs once signature and standard claims passed; adds what jsonwebtoken leaves optional. */
  validate(payload: unknown): AuthenticatedUser {
    if (typeof payload !== 'object' || payload === null) throw new UnauthenticatedError();
    const claims = payload as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || claims.sub.trim() === '') {
      throw new UnauthenticatedError();
    }
    // jsonwebtoken treats a token without exp as never expiring; the contract requires expiry.
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
      throw new UnauthenticatedError();
    }
    return deepFreeze({ userId: claims.sub, claims: { ...claims } });
  }
}

/** Picks the verification key from the token's header, which is read but never trusted. */
function keyProviderFor(keyStore: JwksKeyStore): SecretOrKeyProvider {
  return (_request: unknown, rawJwtToken: unknown, done) => {
    const header = pinnedHeaderOf(rawJwtToken);
    if (!header) {
      done(new Error('token header is malformed, has no kid or names a disallowed alg'));
      return;
    }
    keyStore.getPublicKey(header.kid, header.alg).then(
      // passport-jwt's types predate KeyObject; jsonwebtoken 9 takes one and parses nothing.
      (publicKey) => done(null, publicKey as unknown as string),
      (error: unknown) => done(error),
    );
  };
}

function pinnedHeaderOf(token: unknown): { kid: string; alg: PinnedAlgorithm } | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const { kid, alg } = decodeProtectedHeader(token);
    return isPinnedAlgorithm(alg) && typeof kid === 'string' && kid !== ''
      ? { kid, alg }
      : undefined;
  } catch {
    return undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}
