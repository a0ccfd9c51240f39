import { createPublicKey, KeyObject } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JwksClient, SigningKey } from 'jwks-rsa';
import { AppConfig, InjectConfig } from '@app/config';
import { PinnedAlgorithm } from './algorithms';

interface KnownKey {
  /** Imported once, when the key set is fetched: never parsed again per verification. */
  readonly publicKey: KeyObject;
  readonly algorithm: PinnedAlgorithm;
}

/** A hanging IdP must not hold requests for jwks-rsa's default 30 s. */
const JWKS_TIMEOUT_MS = 5_000;

/**
 * The IdP's signing keys by kid. Fetched lazily (or by `warmUp()`), refetched only when an unknown
 * kid shows up, at most once per cooldown, with concurrent callers sharing one in-flight fetch.
 * A failed fetch never drops known keys: an IdP outage must not log everybody out.
 */
@Injectable()
export class JwksKeyStore {
  private readonly logger = new Logger(JwksKeyStore.name);
  private readonly client: JwksClient;
  private readonly cooldownMs: number;
  private keys: ReadonlyMap<string, KnownKey> = new Map();
  private inFlight: Promise<void> | undefined;
  private lastFetchStartedAt = Number.NEGATIVE_INFINITY;

  constructor(@InjectConfig() config: AppConfig) {
    // jwks-rsa's own cache and rate limiter stay off: this class owns both policies.
    this.client = new JwksClient({
      jwksUri: config.auth.jwksUri,
      cache: false,
      rateLimit: false,
      timeout: JWKS_TIMEOUT_MS,
    });
    this.cooldownMs = config.auth.jwksRefetchCooldownMs;
  }

  /** Key ids currently trusted (for health details and tests). */
  get knownKeyIds(): readonly string[] {
    return [...this.keys.keys()];
  }

  /** Tries one fetch now (e.g. at boot); never throws, so a down IdP cannot fail the start. */
  async warmUp(): Promise<void> {
    await this.fetchOnce().catch(() => undefined);
  }

  /** The public key for `kid`; rejects when it is unknown (after a permitted refetch). */
  async getPublicKey(kid: string, algorithm: PinnedAlgorithm): Promise<KeyObject> {
    let key = this.keys.get(kid);
    if (!key) {
      await this.refetchUnlessCoolingDown();
      key = this.keys.get(kid);
    }
    if (!key) throw new Error('unknown signing key id');
    // An RSA key must not verify an ES256 token or the reverse, whatever the token claims.
    if (key.algorithm !== algorithm) throw new Error('signing key does not match the algorithm');
    return key.publicKey;
  }

  private async refetchUnlessCoolingDown(): Promise<void> {
    const cooledDown = performance.now() - this.lastFetchStartedAt >= this.cooldownMs;
    const pending = this.inFlight ?? (cooledDown ? this.fetchOnce() : undefined);
    await pending?.catch(() => undefined); // already logged; the caller just sees an unknown kid
  }

  private fetchOnce(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.lastFetchStartedAt = performance.now();
    try {
      const fresh = new Map<string, KnownKey>();
      for (const signingKey of await this.client.getSigningKeys()) {
        const known = toKnownKey(signingKey);
        if (known) fresh.set(signingKey.kid, known);
      }
      if (fresh.size === 0) throw new Error('the JWKS holds no usable RS256/ES256 key with a kid');
      // Replaced, not merged: a key the IdP has withdrawn must stop verifying.
      this.keys = fresh;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`JWKS fetch failed (keeping ${this.keys.size} known keys): ${reason}`);
      throw error;
    }
  }
}

function toKnownKey(signingKey: SigningKey): KnownKey | undefined {
  // jwks-rsa types kid/alg as strings, but a JWK may omit them.
  const { kid, alg } = signingKey as Partial<SigningKey>;
  if (typeof kid !== 'string' || kid === '') return undefined;
  const publicKey = createPublicKey(signingKey.getPublicKey());
  const algorithm = algorithmOf(publicKey);
  // A JWK declaring another algorithm (PS256, RS512...) is not ours even if its key type fits.
  if (!algorithm || (alg !== undefined && alg !== algorithm)) return undefined;
  return { publicKey, algorithm };
}

function algorithmOf(key: KeyObject): PinnedAlgorithm | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  const isP256 = key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  return key.asymmetricKeyType === 'ec' && isP256 ? 'ES256' : undefined;
}
