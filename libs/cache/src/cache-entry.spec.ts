import { CacheEntry, isFresh, jittered, shouldRefreshEarly } from './cache-entry';

const entry = (freshUntil: number, loadMs: number): CacheEntry<string> => ({
  value: 'v',
  freshUntil,
  loadMs,
});

describe(shouldRefreshEarly.name, () => {
  it('almost never refreshes an entry far from going stale', () => {
    expect(shouldRefreshEarly(entry(10_000, 50), 0, () => 0.01)).toBe(false);
  });

  it('refreshes more readily as expiry nears and the load is slow', () => {
    const nearlyStale = entry(1_000, 200);
    expect(shouldRefreshEarly(nearlyStale, 900, () => 0.5)).toBe(true); // 900 + 200·ln2 ≈ 1039
    expect(shouldRefreshEarly(nearlyStale, 900, () => 0.9)).toBe(false); // 900 + 200·0.105 ≈ 921
    expect(shouldRefreshEarly(entry(1_000, 20), 900, () => 0.5)).toBe(false);
  });

  it('refreshes whatever the dice say once the entry is due', () => {
    expect(shouldRefreshEarly(entry(1_000, 0), 1_000, () => 0.999)).toBe(true);
    expect(isFresh(entry(1_000, 0), 1_000)).toBe(false);
  });
});

describe(jittered.name, () => {
  it('shortens a TTL by at most the jitter fraction', () => {
    expect(jittered(10_000, 0.1, () => 0)).toBe(10_000);
    expect(jittered(10_000, 0.1, () => 0.999_999)).toBe(9_000);
    expect(jittered(10_000, 0.1, () => 0.5)).toBe(9_500);
  });
});
