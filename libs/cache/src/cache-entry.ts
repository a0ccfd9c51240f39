/** What a tier stores for one key. `freshUntil` is soft; the tiers keep it longer, as stale. */
export interface CacheEntry<T> {
  value: T;
  /** Epoch ms after which the value is stale (served only if the origin fails). */
  freshUntil: number;
  /** How long the origin took to produce it, in ms (weights the early refresh). */
  loadMs: number;
}

/** XFetch's β: above 1 refreshes earlier, below 1 later. */
const EARLY_REFRESH_BETA = 1;

export function isFresh(entry: CacheEntry<unknown>, now: number): boolean {
  return now < entry.freshUntil;
}

/**
 * Probabilistic early expiration (XFetch): the closer an entry is to going stale and the slower
 * it is to rebuild, the likelier one reader refreshes it early. Replicas roll their own dice, so
 * a hot key is refreshed by one of them before it expires instead of by all of them after.
 */
export function shouldRefreshEarly(
  entry: CacheEntry<unknown>,
  now: number,
  random: () => number = Math.random,
): boolean {
  return now - entry.loadMs * EARLY_REFRESH_BETA * Math.log(random()) >= entry.freshUntil;
}

/** TTL shortened by up to `jitter` (a fraction) at random, so entries written together expire apart. */
export function jittered(
  ttlMs: number,
  jitter: number,
  random: () => number = Math.random,
): number {
  return Math.round(ttlMs * (1 - jitter * random()));
}
