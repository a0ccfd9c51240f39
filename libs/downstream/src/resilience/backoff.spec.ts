import { backoffCeilingMs, backoffDelayMs } from './backoff';

const SETTINGS = { baseDelayMs: 25, maxDelayMs: 200 };

describe(backoffDelayMs.name, () => {
  it('doubles the ceiling per retry up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffCeilingMs(retry, SETTINGS))).toEqual([
      25, 50, 100, 200, 200, 200,
    ]);
  });

  it('picks uniformly between 0 and the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, SETTINGS, () => 0)).toBe(0);
    expect(backoffDelayMs(3, SETTINGS, () => 0.5)).toBe(50);
    expect(backoffDelayMs(3, SETTINGS, () => 0.999999)).toBe(100);
    expect(backoffDelayMs(10, SETTINGS, () => 0.999999)).toBe(200);
  });

  it('spreads real random delays over the whole range', () => {
    const delays = Array.from({ length: 1_000 }, () => backoffDelayMs(4, SETTINGS));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(200);
    expect(Math.min(...delays)).toBeLessThan(20);
    expect(Math.max(...delays)).toBeGreaterThan(180);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
