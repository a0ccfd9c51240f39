import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { tokenDigest } from './token-digest';
import type { RejectionReason, TokenRejectedError } from './token-rejection';

/** Long enough to absorb a flood, short enough that nothing stale lingers. */
const REMEMBER_MS = 60_000;
const MAX_ENTRIES = 10_000;
/**
 * Not remembered, as the same token may pass soon: the next request may find the keys, a kid the
 * IdP publishes later must get its chance at a refetch, and a genuine token whose `nbf` is a few
 * seconds ahead (clock skew beyond the leeway) becomes valid.
 */
const TRANSIENT: ReadonlySet<RejectionReason> = new Set([
  'keys-unavailable',
  'unknown-key',
  'not-yet-valid',
]);

interface RememberedRejection {
  readonly rejection: TokenRejectedError;
  /** `performance.now()` past which it is forgotten. */
  readonly until: number;
}

/**
 * Tokens that failed verification, remembered briefly (bounded, by digest) so that a flood of the
 * same bad token costs one verification.
 */
@Injectable()
export class RejectedTokenCache {
  private readonly entries = new LRUCache<string, RememberedRejection>({ max: MAX_ENTRIES });

  get(token: string): TokenRejectedError | undefined {
    const key = tokenDigest(token);
    const entry = this.entries.get(key);
    if (entry && performance.now() < entry.until) return entry.rejection;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  set(token: string, rejection: TokenRejectedError): void {
    if (TRANSIENT.has(rejection.reason)) return;
    this.entries.set(tokenDigest(token), { rejection, until: performance.now() + REMEMBER_MS });
  }
}
