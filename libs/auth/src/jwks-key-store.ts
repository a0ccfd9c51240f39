import { createPublicKey, KeyObject } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JwksClient, SigningKey } from 'jwks-rsa';
import { AppConfig, InjectConfig } from '@app/config';
import { PinnedAlgorithm } from './algorithms';
import { AuditLog } from './audit/audit-log';
import { TokenRejectedError } from './token-rejection';

interface KnownKey {
  /** Imported once, when the key set is fetched: never parsed again per verification. */
  readonly publicKey: KeyObject;
  readonly algorithm: PinnedAlgorithm;
}

/** What a fetch changed in the key set (kids, never key material). */
export interface KeySetChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** A hanging IdP must not hold requests for jwks-rsa's default 30 s. */
const JWKS_TIMEOUT_MS = 5_000;
/**
 * After a failed fetch, requests wait this long (or the cooldown, if shorter) before one of them
 * may try again: a dead IdP is not asked once per request.
 */
const RETRY_AFTER_FAILURE_MS = 2_000;

/**
 * The IdP's signing keys by kid, replaced (never merged) by every successful fetch, so a key the
 * IdP withdraws stops verifying and one it publishes ahead of a rotation is ready before use.
 *
 * Fetched on a schedule (AUTH_JWKS_REFRESH_MS), and on demand: by `warmUp()`, and by an unknown
 * kid once the last successful fetch is older than the cooldown, with concurrent callers sharing
 * one in-flight fetch, so floods of random kids cost at most one fetch per cooldown. A failed
 * fetch keeps the last good set: an IdP outage must not log everybody out. But an unknown kid
 * that could not be looked up is the IdP's fault, not the caller's: `keys-unavailable`, not
 * `unknown-key`.
 */
@Injectable()
export class JwksKeyStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JwksKeyStore.name);
  private readonly client: JwksClient;
  private readonly cooldownMs: number;
  private readonly refreshMs: number;
  private readonly listeners: Array<(change: KeySetChange) => void> = [];
  private keys: ReadonlyMap<string, KnownKey> = new Map();
  private inFlight: Promise<void> | undefined;
  private lastSuccessAt = Number.NEGATIVE_INFINITY;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private lastFetchFailed = false;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    @InjectConfig() config: AppConfig,
    private readonly audit: AuditLog,
  ) {
    // jwks-rsa's own cache and rate limiter stay off: this class owns both policies.
    this.client = new JwksClient({
      jwksUri: config.auth.jwksUri,
      cache: false,
      rateLimit: false,
      timeout: JWKS_TIMEOUT_MS,
    });
    this.cooldownMs = config.auth.jwksRefetchCooldownMs;
    this.refreshMs = config.auth.jwksRefreshMs;
  }

  /** Key ids currently trusted (for health details and tests). */
  get knownKeyIds(): readonly string[] {
    return [...this.keys.keys()];
  }

  /** Called with every change of the key set (e.g. to forget tokens a withdrawn key signed). */
  onKeySetChange(listener: (change: KeySetChange) => void): void {
    this.listeners.push(listener);
  }

  onApplicationBootstrap(): void {
    // Unref'd: the schedule never keeps a process alive that has nothing else to do.
    this.refreshTimer = setInterval(() => void this.warmUp(), this.refreshMs).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.refreshTimer);
  }

  /** Tries one fetch now (at boot, on schedule); never throws, so a down IdP cannot fail them. */
  async warmUp(): Promise<void> {
    await this.fetchOnce().catch(() => undefined); // logged where it failed
  }

  /**
   * For readiness: whether at least one usable key is held, after a fetch when there is none
   * (as often as a failed fetch may be retried).
   */
  async hasUsableKeys(): Promise<boolean> {
    if (this.keys.size === 0) await this.refetchIfAllowed();
    return this.keys.size > 0;
  }

  /** The public key for `kid`; rejects with a TokenRejectedError when there is none to use. */
  async getPublicKey(kid: string, algorithm: PinnedAlgorithm): Promise<KeyObject> {
    const key = this.keys.get(kid) ?? (await this.lookUpUnknown(kid));
    // An RSA key must not verify an ES256 token or the reverse, whatever the token claims.
    if (key.algorithm !== algorithm) throw new TokenRejectedError('bad-signature');
    return key.publicKey;
  }

  private async lookUpUnknown(kid: string): Promise<KnownKey> {
    await this.refetchIfAllowed();
    const key = this.keys.get(kid);
    if (key) return key;
    // A key set recent enough vouches for the kid's absence; one we failed to renew does not.
    const vouched = performance.now() - this.lastSuccessAt < this.cooldownMs;
    throw new TokenRejectedError(
      this.lastFetchFailed && !vouched ? 'keys-unavailable' : 'unknown-key',
    );
  }

  /** Joins the fetch under way, or starts one if neither the cooldown nor a failure forbids. */
  private async refetchIfAllowed(): Promise<void> {
    const now = performance.now();
    const allowed =
      now - this.lastSuccessAt >= this.cooldownMs &&
      now - this.lastFailureAt >= Math.min(this.cooldownMs, RETRY_AFTER_FAILURE_MS);
    const pending = this.inFlight ?? (allowed ? this.fetchOnce() : undefined);
    await pending?.catch(() => undefined); // logged where it failed
  }

  private fetchOnce(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    try {
      const fresh = new Map<string, KnownKey>();
      for (const signingKey of await this.client.getSigningKeys()) {
        const known = toKnownKey(signingKey);
        if (known) fresh.set(signingKey.kid, known);
      }
      if (fresh.size === 0) throw new Error('the JWKS holds no usable RS256/ES256 key with a kid');
      this.replaceKeys(fresh);
      this.lastSuccessAt = performance.now();
      this.lastFetchFailed = false;
    } catch (error) {
      this.lastFailureAt = performance.now();
      this.lastFetchFailed = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`JWKS fetch failed (keeping ${this.keys.size} known keys): ${reason}`);
      throw error;
    }
  }

  /** Replaced, not merged: a key the IdP has withdrawn must stop verifying. */
  private replaceKeys(fresh: ReadonlyMap<string, KnownKey>): void {
    const change: KeySetChange = {
      added: [...fresh.keys()].filter((kid) => !this.keys.has(kid)),
      removed: [...this.keys.keys()].filter((kid) => !fresh.has(kid)),
    };
    this.keys = fresh;
    if (change.added.length === 0 && change.removed.length === 0) return;
    this.audit.keySetChanged({ ...change, keyIds: [...fresh.keys()] });
    for (const listener of this.listeners) listener(change);
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
