import { RestartBackoff } from './restart-backoff';

const POLICY = { firstDelayMs: 100, maxDelayMs: 1_000, stableAfterMs: 5_000 };

describe('RestartBackoff', () => {
  it('doubles the wait with each quick crash, up to the cap', () => {
    const backoff = new RestartBackoff(POLICY);
    const delays = Array.from({ length: 7 }, () => backoff.delayAfter(50));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('starts again from the first wait once a worker stayed up long enough', () => {
    const backoff = new RestartBackoff(POLICY);
    backoff.delayAfter(50);
    backoff.delayAfter(50);
    expect(backoff.delayAfter(4_999)).toBe(400);
    expect(backoff.delayAfter(5_000)).toBe(100);
    expect(backoff.delayAfter(50)).toBe(200);
  });
});
