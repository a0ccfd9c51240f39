import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig, InjectConfig } from '@app/config';
import type { AuthenticatedUser } from './authenticated-user';
import { JwksKeyStore } from './jwks-key-store';
import { tokenDigest } from './token-digest';

interface VerifiedToken {
  readonly user: AuthenticatedUser;
  /** The key that verified it: when the IdP withdraws that key, the token goes too. */
  readonly kid: string;
}

/**
 * Tokens that already passed full verification, so a repeat skips the signature check (passport-jwt
 * with jwks-rsa is the slow part of a request). Bounded by count, an entry never outlives its
 * token's `exp`, and tokens signed by a key that left the IdP's key set are dropped at once.
 * Size 0 disables it.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, VerifiedToken> | undefined;

  constructor(@InjectConfig() config: AppConfig, keyStore: JwksKeyStore) {
    const max = config.auth.verifiedTokenCacheSize;
    this.entries = max > 0 ? new LRUCache<string, VerifiedToken>({ max }) : undefined;
    keyStore.onKeySetChange(({ removed }) => this.forgetSignedBy(removed));
  }

  get(token: string): AuthenticatedUser | undefined {
    if (!this.entries) return undefined;
    const key = tokenDigest(token);
    const entry = this.entries.get(key);
    // The LRU's ttl runs on its own clock; the wall clock against exp has the last word.
    if (entry && Date.now() < expiresAtMs(entry.user)) return entry.user;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /** Caches a verified user until its `exp`; a token already past it (within leeway) is skipped. */
  set(token: string, user: AuthenticatedUser, kid: string): void {
    const ttl = Math.floor(expiresAtMs(user) - Date.now());
    if (!this.entries || !(ttl > 0)) return;
    this.entries.set(tokenDigest(token), { user, kid }, { ttl });
  }

  /** Drops every token signed by one of these keys (rare: a withdrawn key; O(entries)). */
  forgetSignedBy(kids: readonly string[]): void {
    if (!this.entries || kids.length === 0) return;
    const withdrawn = new Set(kids);
    const doomed = [...this.entries.entries()]
      .filter(([, entry]) => withdrawn.has(entry.kid))
      .map(([key]) => key);
    for (const key of doomed) this.entries.delete(key);
  }
}

function expiresAtMs(user: AuthenticatedUser): number {
  const { exp } = user.claims;
  return typeof exp === 'number' ? exp * 1000 : Number.NEGATIVE_INFINITY;
}
