import { createKeyv } from 'cacheable';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { Logger } from '@nestjs/common';
import { AppConfig, loadConfig } from '@app/config';
import { CachePolicy, TieredCache } from './tiered-cache';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const TTL_MS = 10_000;
const POLICY: CachePolicy<string> = { ttlMs: TTL_MS };

/** The test config, without TTL jitter so that an entry is fresh for exactly its TTL. */
const CONFIG: AppConfig = (() => {
  const config = loadConfig({ NODE_ENV: 'test' });
  return { ...config, cache: { ...config.cache, ttlJitter: 0 } };
})();

/** The in-process tier, built as cacheTiers() builds it. */
function memoryTier(): Keyv {
  const memory = createKeyv({ lruSize: 100, useClone: false });
  memory.useKeyPrefix = false;
  return memory;
}

/** A Keyv in memory standing for Redis: one instance may be shared by several "replicas". */
function sharedTier(): Keyv {
  return new Keyv({ useKeyPrefix: false, throwOnErrors: true });
}

/** A Redis tier whose commands fail (reads, writes or both), counting the commands it gets. */
function failingRedis({ reads = true, writes = true } = {}) {
  const down = () => Promise.reject(new Error('redis down'));
  const store = {
    get: jest.fn(reads ? down : () => Promise.resolve(undefined)),
    set: jest.fn(writes ? down : () => Promise.resolve(true)),
    delete: jest.fn(() => Promise.resolve(true)),
    clear: jest.fn(() => Promise.resolve()),
  };
  return { store, tier: new Keyv({ store, useKeyPrefix: false, throwOnErrors: true }) };
}

/** One replica: its own memory tier over the given Redis tier. */
function replica(redis: Keyv = sharedTier()) {
  const memory = memoryTier();
  const cache = new TieredCache(createCache({ stores: [memory, redis] }), CONFIG);
  return { cache, memory, redis };
}

/** A loader answering v1, v2, … (one new version per call), after `delayMs` of fake time. */
function versions(delayMs = 0) {
  let calls = 0;
  return jest.fn((_signal: AbortSignal) => {
    const version = `v${++calls}`;
    if (delayMs === 0) return Promise.resolve(version);
    return new Promise<string>((resolve) => setTimeout(() => resolve(version), delayMs));
  });
}

/** A loader that always answers `value` at once. */
function constant(value: string) {
  return jest.fn((_signal: AbortSignal) => Promise.resolve(value));
}

/** A loader that fails, like an origin that is down. */
function failing() {
  return jest.fn((_signal: AbortSignal): Promise<string> =>
    Promise.reject(new Error('origin down')),
  );
}

/** A batch loader over a catalog; it returns only the ids the catalog knows. */
function batchOf(catalog: Record<string, string>) {
  return jest.fn((ids: string[], _signal: AbortSignal) =>
    Promise.resolve(
      new Map(ids.filter((id) => id in catalog).map((id) => [id, catalog[id]] as const)),
    ),
  );
}

/** A batch loader over CATALOG that answers after 100 ms of fake time. */
function slowBatch() {
  return jest.fn(
    (ids: string[], signal: AbortSignal) =>
      new Promise<ReadonlyMap<string, string>>((resolve) =>
        setTimeout(() => resolve(batchOf(CATALOG)(ids, signal)), 100),
      ),
  );
}

/** A batch loader whose call fails, like a catalog that is down. */
function failingBatch() {
  return jest.fn((_ids: string[], _signal: AbortSignal): Promise<ReadonlyMap<string, string>> =>
    Promise.reject(new Error('catalog down')),
  );
}

const CATALOG = { a: 'A', b: 'B', c: 'C' };
const keyOf = (id: string) => `product:${id}`;

/** Lets pending promise chains (e.g. the un-awaited Redis write) run to their end. */
const settle = () => jest.advanceTimersByTimeAsync(0);

beforeAll(() => {
  Logger.overrideLogger(false); // the failing-Redis tests would log every failure
});

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe(TieredCache.name, () => {
  describe('getOrLoad', () => {
    it('loads a missing key once and stores it in both tiers', async () => {
      const { cache, memory, redis } = replica();
      const load = versions();

      await expect(cache.getOrLoad('k', load, POLICY)).resolves.toEqual({
        value: 'v1',
        source: 'origin',
      });
      await settle();

      expect(load).toHaveBeenCalledTimes(1);
      const stored = { value: 'v1', freshUntil: T0 + TTL_MS };
      expect(await memory.get('k')).toMatchObject(stored);
      expect(await redis.get('k')).toMatchObject(stored);
    });

    it('serves a fresh memory entry without calling the loader', async () => {
      const { cache } = replica();
      const load = versions();
      await cache.getOrLoad('k', load, POLICY);

      jest.setSystemTime(T0 + TTL_MS - 1);
      await expect(cache.getOrLoad('k', load, POLICY)).resolves.toEqual({
        value: 'v1',
        source: 'memory',
      });
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('loads again once the entry is no longer fresh', async () => {
      const { cache } = replica();
      const load = versions();
      await cache.getOrLoad('k', load, POLICY);

      jest.setSystemTime(T0 + TTL_MS);
      await expect(cache.getOrLoad('k', load, POLICY)).resolves.toEqual({
        value: 'v2',
        source: 'origin',
      });
    });

    it('answers from the shared tier what another replica loaded, then from its own memory', async () => {
      const redis = sharedTier();
      const loader = replica(redis);
      const reader = replica(redis);
      await loader.cache.getOrLoad('k', constant('loaded by the other replica'), POLICY);
      await settle();
      const load = constant('loaded again');

      await expect(reader.cache.getOrLoad('k', load, POLICY)).resolves.toEqual({
        value: 'loaded by the other replica',
        source: 'redis',
      });
      await expect(reader.cache.getOrLoad('k', load, POLICY)).resolves.toEqual({
        value: 'loaded by the other replica',
        source: 'memory',
      });
      expect(load).not.toHaveBeenCalled();
    });

    it('counts hits and misses per tier', async () => {
      const { cache } = replica();
      await cache.getOrLoad('k', versions(), POLICY);
      await cache.getOrLoad('k', versions(), POLICY);

      expect(cache.tierCounts()).toEqual({
        memory: { hits: 1, misses: 1, errors: 0 },
        redis: { hits: 0, misses: 1, errors: 0 },
      });
    });

    it('loads every time and neither reads nor stores when ttlMs is 0', async () => {
      const { cache, memory, redis } = replica();
      const load = versions();
      const uncached = { ttlMs: 0 };

      await expect(cache.getOrLoad('k', load, uncached)).resolves.toEqual({
        value: 'v1',
        source: 'origin',
      });
      await expect(cache.getOrLoad('k', load, uncached)).resolves.toEqual({
        value: 'v2',
        source: 'origin',
      });
      await settle();
      expect(await memory.get('k')).toBeUndefined();
      expect(await redis.get('k')).toBeUndefined();
      const untouched = { hits: 0, misses: 0, errors: 0 };
      expect(cache.tierCounts()).toEqual({ memory: untouched, redis: untouched });
    });

    it('keeps a value out of both tiers when shouldStore says so', async () => {
      const { cache, memory, redis } = replica();
      const answers = ['degraded', 'complete'];
      const load = jest.fn((_signal: AbortSignal) => Promise.resolve(answers.shift() ?? 'none'));
      const policy = { ...POLICY, shouldStore: (value: string) => value !== 'degraded' };

      await expect(cache.getOrLoad('k', load, policy)).resolves.toEqual({
        value: 'degraded',
        source: 'origin',
      });
      await settle();
      expect(await memory.get('k')).toBeUndefined();
      expect(await redis.get('k')).toBeUndefined();

      await expect(cache.getOrLoad('k', load, policy)).resolves.toEqual({
        value: 'complete',
        source: 'origin',
      });
      await expect(cache.getOrLoad('k', load, policy)).resolves.toEqual({
        value: 'complete',
        source: 'memory',
      });
    });
  });

  describe('one load per key', () => {
    it('calls the loader once for many concurrent callers of a cold key', async () => {
      const { cache } = replica();
      const load = versions(50);

      const reads = Array.from({ length: 5 }, () => cache.getOrLoad('k', load, POLICY));
      await jest.advanceTimersByTimeAsync(50);

      expect((await Promise.all(reads)).map((read) => read.value)).toEqual(Array(5).fill('v1'));
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('stops waiting for a caller that aborts, while the others still get the value', async () => {
      const { cache } = replica();
      const load = versions(100);
      const leaving = new AbortController();
      const left = cache.getOrLoad('k', load, POLICY, leaving.signal);
      const stayed = cache.getOrLoad('k', load, POLICY, new AbortController().signal);
      await settle(); // both joined the one load

      const reason = new Error('screen closed');
      leaving.abort(reason);
      await expect(left).rejects.toBe(reason);

      await jest.advanceTimersByTimeAsync(100);
      await expect(stayed).resolves.toEqual({ value: 'v1', source: 'origin' });
      expect(load).toHaveBeenCalledTimes(1);
      expect(load.mock.calls[0][0].aborted).toBe(false);
    });

    it('cancels the load only once every caller that passed a signal gave up', async () => {
      const { cache } = replica();
      const load = versions(100);
      const callers = [new AbortController(), new AbortController()];
      const reads = callers.map((caller) =>
        cache.getOrLoad('k', load, POLICY, caller.signal).catch(() => 'gave up'),
      );
      await settle();
      const loadSignal = load.mock.calls[0][0];

      callers[0].abort();
      expect(loadSignal.aborted).toBe(false);
      callers[1].abort();
      expect(loadSignal.aborted).toBe(true);
      await expect(Promise.all(reads)).resolves.toEqual(['gave up', 'gave up']);
    });

    it('starts nothing for a caller that had already given up', async () => {
      const { cache } = replica();
      const load = versions();
      const reason = new Error('screen closed');

      await expect(cache.getOrLoad('k', load, POLICY, AbortSignal.abort(reason))).rejects.toBe(
        reason,
      );
      expect(load).not.toHaveBeenCalled();
    });

    it('never cancels a load that a caller without a signal waits for', async () => {
      const { cache } = replica();
      const load = versions(100);
      const impatient = new AbortController();
      const patient = cache.getOrLoad('k', load, POLICY);
      const leaving = cache.getOrLoad('k', load, POLICY, impatient.signal).catch(() => 'gave up');
      await settle();

      impatient.abort();
      await expect(leaving).resolves.toBe('gave up');
      expect(load.mock.calls[0][0].aborted).toBe(false);
      await jest.advanceTimersByTimeAsync(100);
      await expect(patient).resolves.toEqual({ value: 'v1', source: 'origin' });
    });
  });

  describe('early refresh', () => {
    const LOAD_MS = 200;

    /** Caches v1 from a load of LOAD_MS; returns the loader and when v1 stops being fresh. */
    async function cachedAfterASlowLoad(cache: TieredCache) {
      const load = versions(LOAD_MS);
      const first = cache.getOrLoad('k', load, POLICY);
      await jest.advanceTimersByTimeAsync(LOAD_MS);
      await first;
      return { load, freshUntil: T0 + LOAD_MS + TTL_MS };
    }

    it('refreshes an entry near its expiry once, in the background, serving the cached value meanwhile', async () => {
      const { cache } = replica();
      const { load, freshUntil } = await cachedAfterASlowLoad(cache);
      // XFetch: refresh when now + 200 ms · -ln(0.5) ≈ now + 139 ms reaches the expiry.
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      jest.setSystemTime(freshUntil - 100);

      const reads = await Promise.all([1, 2, 3].map(() => cache.getOrLoad('k', load, POLICY)));

      expect(reads).toEqual(Array(3).fill({ value: 'v1', source: 'memory' }));
      expect(load).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(LOAD_MS);
      await expect(cache.getOrLoad('k', load, POLICY)).resolves.toEqual({
        value: 'v2',
        source: 'memory',
      });
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('leaves an entry far from its expiry alone with the same dice', async () => {
      const { cache } = replica();
      const { load, freshUntil } = await cachedAfterASlowLoad(cache);
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      jest.setSystemTime(freshUntil - 1_000);

      await expect(cache.getOrLoad('k', load, POLICY)).resolves.toEqual({
        value: 'v1',
        source: 'memory',
      });
      await jest.advanceTimersByTimeAsync(LOAD_MS);
      expect(load).toHaveBeenCalledTimes(1);
    });
  });

  describe('stale-if-error', () => {
    const STALE_POLICY: CachePolicy<string> = { ttlMs: TTL_MS, staleIfErrorMs: 5_000 };

    it('serves the stale value when the origin fails within staleIfErrorMs', async () => {
      const { cache } = replica();
      await cache.getOrLoad('k', versions(), STALE_POLICY);

      jest.setSystemTime(T0 + TTL_MS + 4_999);
      const load = failing();
      await expect(cache.getOrLoad('k', load, STALE_POLICY)).resolves.toEqual({
        value: 'v1',
        source: 'stale',
      });
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('asks the origin again on the next read after serving stale', async () => {
      const { cache } = replica();
      await cache.getOrLoad('k', constant('old'), STALE_POLICY);
      jest.setSystemTime(T0 + TTL_MS + 1_000);
      await cache.getOrLoad('k', failing(), STALE_POLICY);

      await expect(cache.getOrLoad('k', constant('new'), STALE_POLICY)).resolves.toEqual({
        value: 'new',
        source: 'origin',
      });
    });

    it('rethrows the origin failure once staleIfErrorMs has passed', async () => {
      const { cache } = replica();
      await cache.getOrLoad('k', versions(), STALE_POLICY);

      jest.setSystemTime(T0 + TTL_MS + 5_000);
      await expect(cache.getOrLoad('k', failing(), STALE_POLICY)).rejects.toThrow('origin down');
    });

    it('rethrows the origin failure as soon as the entry is stale without staleIfErrorMs', async () => {
      const { cache } = replica();
      await cache.getOrLoad('k', versions(), POLICY);

      jest.setSystemTime(T0 + TTL_MS);
      await expect(cache.getOrLoad('k', failing(), POLICY)).rejects.toThrow('origin down');
    });
  });

  describe('a failing Redis', () => {
    it('counts a failed read as an error and still answers from the origin', async () => {
      const redis = failingRedis();
      const { cache } = replica(redis.tier);

      await expect(cache.getOrLoad('k', versions(), POLICY)).resolves.toEqual({
        value: 'v1',
        source: 'origin',
      });
      expect(cache.tierCounts().redis).toEqual({ hits: 0, misses: 0, errors: 1 });
      await expect(cache.getOrLoad('k', versions(), POLICY)).resolves.toEqual({
        value: 'v1',
        source: 'memory',
      });
    });

    it('counts a failed write as an error', async () => {
      const redis = failingRedis({ reads: false });
      const { cache } = replica(redis.tier);

      await expect(cache.getOrLoad('k', versions(), POLICY)).resolves.toEqual({
        value: 'v1',
        source: 'origin',
      });
      await settle();
      expect(redis.store.set).toHaveBeenCalledTimes(1);
      expect(cache.tierCounts().redis).toEqual({ hits: 0, misses: 1, errors: 1 });
    });

    it('skips Redis for 1 s after a failure, then tries it again', async () => {
      const redis = failingRedis();
      const { cache } = replica(redis.tier);
      await cache.getOrLoad('a', versions(), POLICY);
      expect(redis.store.get).toHaveBeenCalledTimes(1);

      await jest.advanceTimersByTimeAsync(999);
      await expect(cache.getOrLoad('b', constant('B'), POLICY)).resolves.toEqual({
        value: 'B',
        source: 'origin',
      });
      await settle();
      expect(redis.store.get).toHaveBeenCalledTimes(1);
      expect(redis.store.set).not.toHaveBeenCalled();

      await jest.advanceTimersByTimeAsync(1);
      await cache.getOrLoad('c', constant('C'), POLICY);
      expect(redis.store.get).toHaveBeenCalledTimes(2);
      expect(cache.tierCounts().redis.errors).toBe(2);
    });
  });

  describe('getManyOrLoad', () => {
    it('fetches every missing id in one loadMissing call', async () => {
      const { cache } = replica();
      const loadMissing = batchOf(CATALOG);

      const read = await cache.getManyOrLoad(['a', 'b', 'c'], keyOf, loadMissing, POLICY);

      expect(read).toEqual({
        values: new Map([
          ['a', 'A'],
          ['b', 'B'],
          ['c', 'C'],
        ]),
        complete: true,
      });
      expect(loadMissing).toHaveBeenCalledTimes(1);
      expect(loadMissing.mock.calls[0][0]).toEqual(['a', 'b', 'c']);
    });

    it('does not fetch again the ids that are cached', async () => {
      const { cache } = replica();
      await cache.getManyOrLoad(['a'], keyOf, batchOf(CATALOG), POLICY);
      const loadMissing = batchOf(CATALOG);

      const read = await cache.getManyOrLoad(['a', 'b', 'c'], keyOf, loadMissing, POLICY);

      expect(read.values).toEqual(
        new Map([
          ['a', 'A'],
          ['b', 'B'],
          ['c', 'C'],
        ]),
      );
      expect(loadMissing).toHaveBeenCalledTimes(1);
      expect(loadMissing.mock.calls[0][0]).toEqual(['b', 'c']);
    });

    it('leaves out an id the batch did not return, and does not cache it', async () => {
      const { cache } = replica();
      const loadMissing = batchOf({ a: 'A' });

      const read = await cache.getManyOrLoad(['a', 'gone'], keyOf, loadMissing, POLICY);
      expect(read.values).toEqual(new Map([['a', 'A']]));
      expect(read.values.has('gone')).toBe(false);

      await cache.getManyOrLoad(['a', 'gone'], keyOf, loadMissing, POLICY);
      expect(loadMissing.mock.calls.map(([ids]) => ids)).toEqual([['a', 'gone'], ['gone']]);
    });

    it('joins a load already running for an id instead of fetching it again', async () => {
      const { cache } = replica();
      const running = cache.getOrLoad(keyOf('a'), versions(100), POLICY);
      await settle();
      const loadMissing = batchOf(CATALOG);

      const batch = cache.getManyOrLoad(['a', 'b'], keyOf, loadMissing, POLICY);
      await jest.advanceTimersByTimeAsync(100);

      expect((await batch).values).toEqual(
        new Map([
          ['a', 'v1'],
          ['b', 'B'],
        ]),
      );
      expect(loadMissing.mock.calls.map(([ids]) => ids)).toEqual([['b']]);
      await running;
    });

    it('is incomplete when the batch fails, with the cached values still returned', async () => {
      const { cache } = replica();
      await cache.getManyOrLoad(['a'], keyOf, batchOf(CATALOG), POLICY);

      const read = await cache.getManyOrLoad(['a', 'b'], keyOf, failingBatch(), POLICY);

      expect(read).toEqual({ values: new Map([['a', 'A']]), complete: false });
    });

    it('is incomplete when values came back stale', async () => {
      const { cache } = replica();
      const policy = { ttlMs: TTL_MS, staleIfErrorMs: 60_000 };
      await cache.getManyOrLoad(['a', 'b'], keyOf, batchOf(CATALOG), policy);
      jest.setSystemTime(T0 + TTL_MS);

      const read = await cache.getManyOrLoad(['a', 'b'], keyOf, failingBatch(), policy);

      expect(read).toEqual({
        values: new Map([
          ['a', 'A'],
          ['b', 'B'],
        ]),
        complete: false,
      });
    });

    it('loads all ids in one call every time when ttlMs is 0', async () => {
      const { cache } = replica();
      const loadMissing = batchOf(CATALOG);

      for (let round = 0; round < 2; round += 1) {
        await expect(
          cache.getManyOrLoad(['a', 'b'], keyOf, loadMissing, { ttlMs: 0 }),
        ).resolves.toEqual({
          values: new Map([
            ['a', 'A'],
            ['b', 'B'],
          ]),
          complete: true,
        });
      }
      expect(loadMissing.mock.calls.map(([ids]) => ids)).toEqual([
        ['a', 'b'],
        ['a', 'b'],
      ]);
    });

    it('cancels the batch once its caller gave up', async () => {
      const { cache } = replica();
      const loadMissing = slowBatch();
      const caller = new AbortController();
      const read = cache.getManyOrLoad(['a', 'b'], keyOf, loadMissing, POLICY, caller.signal);
      await settle();

      const reason = new Error('screen closed');
      caller.abort(reason);

      await expect(read).resolves.toEqual({ values: new Map(), complete: false });
      expect(loadMissing.mock.calls[0][1].reason).toBe(reason);
    });

    it('keeps the batch going while another caller still waits for one of its ids', async () => {
      const { cache } = replica();
      const loadMissing = slowBatch();
      const caller = new AbortController();
      const read = cache.getManyOrLoad(['a', 'b'], keyOf, loadMissing, POLICY, caller.signal);
      await settle();
      const other = cache.getOrLoad(keyOf('b'), versions(), POLICY);
      await settle();

      caller.abort();

      await expect(read).resolves.toEqual({ values: new Map(), complete: false });
      expect(loadMissing.mock.calls[0][1].aborted).toBe(false);
      await jest.advanceTimersByTimeAsync(100);
      await expect(other).resolves.toEqual({ value: 'B', source: 'origin' });
    });

    // Regression tests: at f367d0c, getManyOrLoad started the batch before the per-id flights
    // that cancel it existed, so a caller that had given up got a catalog call nobody waited for
    // and nobody could cancel (its result thrown away, not cached).
    it('starts no batch for a caller that had already given up', async () => {
      const { cache } = replica();
      const loadMissing = batchOf(CATALOG);
      const caller = AbortSignal.abort(new Error('screen closed'));

      await cache.getManyOrLoad(['a', 'b'], keyOf, loadMissing, POLICY, caller).catch(() => {});

      expect(loadMissing).not.toHaveBeenCalled();
    });

    it('leaves no batch running for a caller that gave up during the tier lookups', async () => {
      const { cache } = replica();
      const loadMissing = batchOf(CATALOG);
      const caller = new AbortController();

      const read = cache.getManyOrLoad(['a', 'b'], keyOf, loadMissing, POLICY, caller.signal);
      caller.abort(new Error('screen closed'));
      await read.catch(() => {}); // resolved incomplete or rejected with the reason: both are fine

      const uncancelled = loadMissing.mock.calls.filter(([, signal]) => !signal.aborted);
      expect(uncancelled.map(([ids]) => ids)).toEqual([]);
    });

    // Regression tests: at f367d0c an id asked twice was sent twice, and the batch waited for one
    // flight per id listed (3) while it fed one per distinct id (2), so it was never cancelled.
    it('asks the batch once for an id requested twice', async () => {
      const { cache } = replica();
      const loadMissing = batchOf(CATALOG);

      const read = await cache.getManyOrLoad(['a', 'b', 'a'], keyOf, loadMissing, POLICY);

      expect(read.values.get('a')).toBe('A');
      expect(loadMissing.mock.calls.map(([ids]) => ids)).toEqual([['a', 'b']]);
    });

    it('cancels the batch once its caller gave up, even with an id requested twice', async () => {
      const { cache } = replica();
      const loadMissing = slowBatch();
      const caller = new AbortController();
      const read = cache.getManyOrLoad(['a', 'a', 'b'], keyOf, loadMissing, POLICY, caller.signal);
      await settle();

      caller.abort(new Error('screen closed'));
      await read.catch(() => {});

      expect(loadMissing).toHaveBeenCalledTimes(1);
      expect(loadMissing.mock.calls[0][1].aborted).toBe(true);
    });
  });
});
