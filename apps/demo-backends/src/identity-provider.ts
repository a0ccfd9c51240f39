import type { AddressInfo } from 'node:net';
import {
  CryptoKey,
  JWK,
  JWTPayload,
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
} from 'jose';
import type { FastifyInstance } from 'fastify';
import { Query, baseUrl, createFastify, listen, queryParam } from './http';

export type SigningAlgorithm = 'RS256' | 'ES256';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'ES256'];
export const JWKS_PATH = '/.well-known/jwks.json';
export const DEFAULT_TOKEN_LIFETIME_SEC = 15 * 60;
/** Tokens handed out by `GET /demo/token` (and the launcher) last a day. */
export const DEMO_TOKEN_LIFETIME_SEC = 24 * 60 * 60;

export interface MintOptions {
  sub?: string;
  alg?: SigningAlgorithm;
  expiresInSec?: number;
  /** Offset from now for `nbf` (positive = in the future); no `nbf` claim when not given. */
  notBeforeSec?: number;
  issuer?: string;
  audience?: string;
  kid?: string;
  /**
   * Signs with this key instead of the IdP's current one: a key it does not publish (from
   * `createSigningKey`) forges a token. The token's `alg` is the key's, its `kid` the key's
   * unless `kid` says otherwise.
   */
  key?: SigningKey;
  /** Claims removed after everything else is set, e.g. ['sub'] or ['exp']. */
  omit?: string[];
  /** Added last (before `omit`): may override any standard claim. */
  extraClaims?: Record<string, unknown>;
}

export interface DemoIdentityProvider {
  jwksUri: string;
  issuer: string;
  audience: string;
  /** Signs a real JWT with the IdP's own private key (defaults: RS256, sub u-1001, 15 min). */
  mint(options?: MintOptions): Promise<string>;
  /** PEM (SPKI) of a public key: used to forge HS256-with-public-key tokens. */
  publicKeyPem(alg: SigningAlgorithm): string;
  /** How many requests the JWKS endpoint received (including the ones answered 503). */
  jwksFetchCount(): number;
  /** Makes the JWKS endpoint answer 503 (false) or work again (true). */
  setJwksAvailable(available: boolean): void;
  /** The key `mint` signs `alg` tokens with by default; its `kid` is in the JWKS. */
  signingKey(alg: SigningAlgorithm): SigningKey;
  /**
   * Rotates: publishes a new `alg` key beside the ones already in the JWKS (which keep verifying)
   * and makes it the key `mint` and `publicKeyPem` use for `alg`.
   */
  rotateKey(alg: SigningAlgorithm): Promise<SigningKey>;
  /**
   * Publishes a new `alg` key ahead of a rotation: in the JWKS, but `mint` keeps signing with the
   * current key unless given this one (`mint({ key })`).
   */
  publishKey(alg: SigningAlgorithm): Promise<SigningKey>;
  /** Withdraws a key from the JWKS (say, after a compromise); `mint({ key })` can still sign with it. */
  withdrawKey(kid: string): void;
  /**
   * A slow IdP: JWKS requests arriving from now on are counted but answered only once the returned
   * function is called.
   */
  holdJwks(): () => void;
  /** Milliseconds since the JWKS endpoint last received a request (Infinity before the first). */
  msSinceLastJwksFetch(): number;
}

/** A signing key pair and the public JWK the IdP publishes for it (when it publishes it). */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly publicPem: string;
}

/**
 * A fresh key pair. The IdP makes its own with this; a test makes one the IdP never publishes and
 * signs with it (`mint({ key })`) to forge a token.
 */
export async function createSigningKey(alg: SigningAlgorithm): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(
    alg,
    alg === 'RS256' ? { modulusLength: 2048 } : {},
  );
  const jwk = await exportJWK(publicKey);
  // A thumbprint-based kid differs on every start, so no verifier can mistake an old key for it.
  const kid = `${alg.toLowerCase()}-${(await calculateJwkThumbprint(jwk)).slice(0, 16)}`;
  return {
    kid,
    alg,
    privateKey,
    publicJwk: { ...jwk, kid, alg, use: 'sig' },
    publicPem: await exportSPKI(publicKey),
  };
}

export interface RunningIdentityProvider extends DemoIdentityProvider {
  close(): Promise<void>;
}

/** Starts the demo identity provider: a JWKS with one RS256 and one ES256 key, and a token mint. */
export async function startIdentityProvider(options: {
  host: string;
  port: number;
  issuer?: string;
  audience: string;
}): Promise<RunningIdentityProvider> {
  const [rsa, ec] = await Promise.all([createSigningKey('RS256'), createSigningKey('ES256')]);
  const keys: Record<SigningAlgorithm, SigningKey> = { RS256: rsa, ES256: ec };
  const state: IdentityState = {
    jwksFetches: 0,
    lastJwksFetchAt: Number.NEGATIVE_INFINITY,
    jwksAvailable: true,
    jwksHeld: undefined,
    issuer: options.issuer ?? '',
  };
  const jwks = { keys: [rsa.publicJwk, ec.publicJwk] };

  const mint = async (mintOptions: MintOptions = {}): Promise<string> => {
    const key = mintOptions.key ?? keys[mintOptions.alg ?? 'RS256'];
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      sub: mintOptions.sub ?? 'u-1001',
      iss: mintOptions.issuer ?? state.issuer,
      aud: mintOptions.audience ?? options.audience,
      iat: now,
      exp: now + (mintOptions.expiresInSec ?? DEFAULT_TOKEN_LIFETIME_SEC),
      ...(mintOptions.notBeforeSec === undefined ? {} : { nbf: now + mintOptions.notBeforeSec }),
      ...mintOptions.extraClaims,
    };
    for (const claim of mintOptions.omit ?? []) delete claims[claim];
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: mintOptions.kid ?? key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  };

  const app = createFastify();
  registerIdentityRoutes(app, { jwks, state, mint });
  try {
    await listen(app, options.host, options.port, 'identity provider');
  } catch (error: unknown) {
    await app.close();
    throw error;
  }
  const base = baseUrl(options.host, (app.server.address() as AddressInfo).port);
  state.issuer = options.issuer ?? `${base}/`;

  return {
    jwksUri: `${base}${JWKS_PATH}`,
    issuer: state.issuer,
    audience: options.audience,
    mint,
    publicKeyPem: (alg) => keys[alg].publicPem,
    jwksFetchCount: () => state.jwksFetches,
    setJwksAvailable: (available) => {
      state.jwksAvailable = available;
    },
    signingKey: (alg) => keys[alg],
    rotateKey: async (alg) => {
      const key = await createSigningKey(alg);
      jwks.keys.push(key.publicJwk);
      keys[alg] = key;
      return key;
    },
    publishKey: async (alg) => {
      const key = await createSigningKey(alg);
      jwks.keys.push(key.publicJwk);
      return key;
    },
    withdrawKey: (kid) => {
      jwks.keys = jwks.keys.filter((jwk) => jwk.kid !== kid);
    },
    holdJwks: () => {
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      state.jwksHeld = held;
      return () => {
        if (state.jwksHeld === held) state.jwksHeld = undefined;
        release();
      };
    },
    msSinceLastJwksFetch: () => performance.now() - state.lastJwksFetchAt,
    close: () => app.close(),
  };
}

interface IdentityState {
  jwksFetches: number;
  /** `performance.now()` of the last JWKS request. */
  lastJwksFetchAt: number;
  jwksAvailable: boolean;
  /** While set, JWKS answers wait for it (see `holdJwks`). */
  jwksHeld: Promise<void> | undefined;
  issuer: string;
}

function registerIdentityRoutes(
  app: FastifyInstance,
  idp: {
    jwks: { keys: JWK[] };
    state: IdentityState;
    mint: (options: MintOptions) => Promise<string>;
  },
): void {
  app.get(JWKS_PATH, async (_request, reply) => {
    idp.state.jwksFetches += 1;
    idp.state.lastJwksFetchAt = performance.now();
    await idp.state.jwksHeld;
    if (!idp.state.jwksAvailable) return reply.code(503).send({ error: 'unavailable' });
    return reply.header('cache-control', 'public, max-age=600').send(idp.jwks);
  });

  app.get('/.well-known/openid-configuration', () => ({
    issuer: idp.state.issuer,
    jwks_uri: `${idp.state.issuer.replace(/\/$/, '')}${JWKS_PATH}`,
    id_token_signing_alg_values_supported: SIGNING_ALGORITHMS,
  }));

  // Demo only: hands out tokens for `npm run demo:token`.
  app.get<{ Querystring: Query }>('/demo/token', async (request, reply) => {
    const sub = queryParam(request.query, 'sub') ?? 'u-1001';
    const alg = queryParam(request.query, 'alg') ?? 'RS256';
    if (!SIGNING_ALGORITHMS.includes(alg as SigningAlgorithm)) {
      return reply.code(400).send({ error: 'bad_request', message: 'alg must be RS256 or ES256' });
    }
    const token = await idp.mint({
      sub,
      alg: alg as SigningAlgorithm,
      expiresInSec: DEMO_TOKEN_LIFETIME_SEC,
    });
    return { token };
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found' }));
}
