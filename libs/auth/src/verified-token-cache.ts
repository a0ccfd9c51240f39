import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig, InjectConfig } from '@app/config';
import type { AuthenticatedUser } from './authenticated-user';

/**
 * Tokens that already passed full verification, so a repeat skips the signature check (passport-jwt
 * with jwks-rsa is the slow part of a request). Bounded by count, and an entry never outlives its
 * token's `exp`. Size 0 disables it.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, AuthenticatedUser> | undefined;

  constructor(@InjectConfig() config: AppConfig) {
    const max = config.auth.verifiedTokenCacheSize;
    this.entries = max > 0 ? new LRUCache<string, AuthenticatedUser>({ max }) : undefined;
  }

  get(token: string): AuthenticatedUser | undefined {
    if (!this.entries) return undefined;
    const key = cacheKeyOf(token);
    const user = this.entries.get(key);
    // The LRU's ttl runs on its own clock; the wall clock against exp has the last word.
    if (user && Date.now() < expiresAtMs(user)) return user;
    if (user) this.entries.delete(key);
    return undefined;
  }

  /** Caches a verified user until its `exp`; a token already past it (within leeway) is skipped. */
  set(token: string, user: AuthenticatedUser): void {
    const ttl = Math.floor(expiresAtMs(user) - Date.now());
    if (!this.entries || !(ttl > 0)) return;
    this.entries.set(cacheKeyOf(token), user, { ttl });
  }
}

function expiresAtMs(user: AuthenticatedUser): number {
  const { exp } = user.claims;
  return typeof exp === 'number' ? exp * 1000 : Number.NEGATIVE_INFINITY;
}

/** A digest, not the token: fixed-size keys, and no usable bearer tokens sitting in the heap. */
function cacheKeyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
