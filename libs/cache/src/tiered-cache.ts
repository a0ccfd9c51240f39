import { CACHE_MANAGER, Cache } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@app/config';
import { CacheEntry, isFresh, jittered, shouldRefreshEarly } from './cache-entry';
import { SingleFlight } from './single-flight';

/** Where a value came from: either tier, the origin (a load), or a stale entry after a failed load. */
export type CacheSource = 'memory' | 'redis' | 'origin' | 'stale';

export interface CachePolicy<T> {
  /** 0 turns caching off for the kind (values are loaded every time, never stored). */
  ttlMs: number;
  /** How long past its freshness an entry may still be served when the origin fails. */
  staleIfErrorMs?: number;
  /** False keeps a loaded value out of the cache (e.g. a degraded screen). */
  shouldStore?: (value: T) => boolean;
}

export interface CacheRead<T> {
  value: T;
  source: CacheSource;
}

/** What a batch read found; `complete` is false when any load failed (stale or nothing shown). */
export interface ManyRead<T> {
  values: ReadonlyMap<string, T>;
  complete: boolean;
}

/** Loads a value; `signal` aborts once no caller waits for it any more. */
export type Load<T> = (signal: AbortSignal) => Promise<T>;

export interface TierCounts {
  hits: number;
  misses: number;
  errors: number;
}

type Tier = 'memory' | 'redis';

/** After a Redis failure, skip Redis this long: a hung Redis costs one timeout, not one per request. */
const REDIS_BACKOFF_MS = 1_000;

/** A fresh value if either tier had one, else the newest stale entry seen (for stale-if-error). */
interface Lookup<T> {
  fresh?: CacheRead<T>;
  stale?: CacheEntry<T>;
}

/**
 * Read-through cache over the tiers of @nestjs/cache-manager (memory, then Redis), with one load
 * per key at a time, probabilistic early refresh and stale-if-error. It fails open: a Redis error
 * or timeout is a miss, never a failed request.
 */
@Injectable()
export class TieredCache {
  private readonly logger = new Logger(TieredCache.name);
  private readonly flights = new SingleFlight();
  private redisSkippedUntil = 0;
  private readonly counts: Record<Tier, TierCounts> = {
    memory: { hits: 0, misses: 0, errors: 0 },
    redis: { hits: 0, misses: 0, errors: 0 },
  };

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** `caller` is the requester's signal: the load is cancelled once every requester gave up. */
  async getOrLoad<T>(
    key: string,
    load: Load<T>,
    policy: CachePolicy<T>,
    caller?: AbortSignal,
  ): Promise<CacheRead<T>> {
    if (policy.ttlMs <= 0) return { value: await load(caller ?? NEVER), source: 'origin' };
    const found = await this.lookup<T>(key, load, policy);
    if (found.fresh) return found.fresh;
    return this.flights.run(
      key,
      (signal) => this.loadUnlessStored(key, () => load(signal), policy, found.stale),
      caller,
    );
  }

  /**
   * The batch form: values for many ids, with every id missing from both tiers fetched in ONE
   * `loadMissing` call (ids already being loaded by another request join that load instead).
   * An id `loadMissing` does not return is absent from the result and not cached.
   */
  async getManyOrLoad<T>(
    ids: readonly string[],
    keyOf: (id: string) => string,
    loadMissing: (ids: string[], signal: AbortSignal) => Promise<ReadonlyMap<string, T>>,
    policy: CachePolicy<T>,
    caller?: AbortSignal,
  ): Promise<ManyRead<T>> {
    if (caller?.aborted) throw caller.reason;
    const unique = [...new Set(ids)];
    if (policy.ttlMs <= 0) {
      const loaded = await loadMissing(unique, caller ?? NEVER);
      return { values: loaded, complete: true };
    }
    const loadOne = (id: string) => async (signal: AbortSignal) =>
      (await loadMissing([id], signal)).get(id) as T;
    const found = await Promise.all(
      unique.map((id) => this.lookup<T>(keyOf(id), loadOne(id), policy)),
    );
    // Given up while looking in the tiers: start no load that nobody would wait for.
    if (caller?.aborted) throw caller.reason;
    const missing = unique.filter(
      (id, index) => !found[index].fresh && !this.flights.has(keyOf(id)),
    );
    const batch = missing.length > 0 ? this.sharedBatch(missing, loadMissing) : undefined;

    const reads = unique.map((id, index) => {
      const { fresh, stale } = found[index];
      if (fresh) return Promise.resolve(fresh);
      return this.flights.run(
        keyOf(id),
        (signal) => {
          const load =
            batch && batch.serves(id) ? batch.valueFor(id, signal) : () => loadOne(id)(signal);
          return this.loadUnlessStored(keyOf(id), load, policy, stale);
        },
        caller,
      );
    });
    const values = new Map<string, T>();
    let complete = true;
    (await Promise.allSettled(reads)).forEach((read, index) => {
      if (read.status === 'rejected' || read.value.source === 'stale') complete = false;
      if (read.status === 'fulfilled' && read.value.value !== undefined)
        values.set(unique[index], read.value.value);
    });
    return { values, complete };
  }

  /**
   * One load for many ids, fed to one flight per id. It is cancelled once every flight it feeds
   * was cancelled (each flight is, when all its callers gave up).
   */
  private sharedBatch<T>(
    ids: string[],
    loadMissing: (ids: string[], signal: AbortSignal) => Promise<ReadonlyMap<string, T>>,
  ) {
    const controller = new AbortController();
    const values = loadMissing(ids, controller.signal);
    values.catch(() => undefined); // each id's flight reports the failure
    let awaited = ids.length;
    return {
      serves: (id: string) => ids.includes(id),
      valueFor: (id: string, flight: AbortSignal) => {
        flight.addEventListener('abort', () => {
          if (--awaited === 0) controller.abort(flight.reason);
        });
        return async (): Promise<T> => (await values).get(id) as T;
      },
    };
  }

  /** Hits, misses and errors per tier since start (metrics will expose these). */
  tierCounts(): Record<Tier, TierCounts> {
    return { memory: { ...this.counts.memory }, redis: { ...this.counts.redis } };
  }

  /** Memory, then Redis; a fresh memory entry may also start an early background refresh. */
  private async lookup<T>(key: string, load: Load<T>, policy: CachePolicy<T>): Promise<Lookup<T>> {
    const local = await this.read<T>('memory', key);
    if (local && isFresh(local, Date.now())) {
      if (shouldRefreshEarly(local, Date.now()) && !this.flights.has(key)) {
        this.flights
          .run(key, (signal) => this.loadOrStale(key, () => load(signal), policy, local))
          .catch(() => undefined);
      }
      return { fresh: { value: local.value, source: 'memory' } };
    }
    const shared = await this.read<T>('redis', key);
    if (shared && isFresh(shared, Date.now())) {
      await this.write('memory', key, shared, policy);
      return { fresh: { value: shared.value, source: 'redis' } };
    }
    return { stale: newest(local, shared) };
  }

  /**
   * A flight's first step: a flight that ended while this request was still looking in Redis has
   * just filled memory, and its value is taken instead of loading again.
   */
  private async loadUnlessStored<T>(
    key: string,
    load: () => Promise<T>,
    policy: CachePolicy<T>,
    stale: CacheEntry<T> | undefined,
  ): Promise<CacheRead<T>> {
    const stored = await this.read<T>('memory', key, { counted: false });
    if (stored && isFresh(stored, Date.now())) return { value: stored.value, source: 'memory' };
    return this.loadOrStale(key, load, policy, stale);
  }

  private async loadOrStale<T>(
    key: string,
    load: () => Promise<T>,
    policy: CachePolicy<T>,
    stale: CacheEntry<T> | undefined,
  ): Promise<CacheRead<T>> {
    try {
      return { value: await this.loadAndStore(key, load, policy), source: 'origin' };
    } catch (error) {
      if (stale && Date.now() < stale.freshUntil + (policy.staleIfErrorMs ?? 0)) {
        return { value: stale.value, source: 'stale' };
      }
      throw error;
    }
  }

  private async loadAndStore<T>(
    key: string,
    load: () => Promise<T>,
    policy: CachePolicy<T>,
  ): Promise<T> {
    const started = performance.now();
    const value = await load();
    const keep = policy.ttlMs > 0 && value !== undefined && policy.shouldStore?.(value) !== false;
    if (!keep) return value;
    const entry: CacheEntry<T> = {
      value,
      freshUntil: Date.now() + jittered(policy.ttlMs, this.config.cache.ttlJitter),
      loadMs: Math.round(performance.now() - started),
    };
    await this.write('memory', key, entry, policy);
    // Not awaited: a slow or absent Redis must not delay the answer that has just been built.
    void this.write('redis', key, entry, policy);
    return value;
  }

  private async read<T>(
    tier: Tier,
    key: string,
    { counted } = { counted: true },
  ): Promise<CacheEntry<T> | undefined> {
    const store = this.store(tier);
    if (!store) return undefined;
    try {
      const entry = (await store.get(key)) as CacheEntry<T> | undefined;
      if (counted) this.counts[tier][entry ? 'hits' : 'misses'] += 1;
      return entry;
    } catch (error) {
      this.failed(tier, 'read', error);
      return undefined;
    }
  }

  private async write<T>(
    tier: Tier,
    key: string,
    entry: CacheEntry<T>,
    policy: CachePolicy<T>,
  ): Promise<void> {
    const store = this.store(tier);
    const keepMs = entry.freshUntil - Date.now() + (policy.staleIfErrorMs ?? 0);
    if (!store || keepMs <= 0) return;
    try {
      await store.set(key, entry, keepMs);
    } catch (error) {
      this.failed(tier, 'write', error);
    }
  }

  private failed(tier: Tier, operation: string, error: unknown): void {
    this.counts[tier].errors += 1;
    if (tier === 'redis') this.redisSkippedUntil = Date.now() + REDIS_BACKOFF_MS;
    this.logger.debug(`${tier} cache ${operation} failed: ${String(error)}`);
  }

  private store(tier: Tier) {
    if (tier === 'memory') return this.cache.stores[0];
    return Date.now() < this.redisSkippedUntil ? undefined : this.cache.stores[1];
  }
}

/** The signal of a load nobody can cancel. */
const NEVER = new AbortController().signal;

function newest<T>(...entries: Array<CacheEntry<T> | undefined>): CacheEntry<T> | undefined {
  return entries.reduce<CacheEntry<T> | undefined>(
    (best, entry) => (entry && (!best || entry.freshUntil > best.freshUntil) ? entry : best),
    undefined,
  );
}
