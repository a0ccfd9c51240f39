import { serverTiming } from './server-timing';

describe(serverTiming.name, () => {
  it('writes one entry per call, in order, with a one-decimal duration and the outcome', () => {
    expect(
      serverTiming([
        { service: 'users', durationMs: 12.34, outcome: 'success' },
        { service: 'catalog', durationMs: 8.06, outcome: 'success' },
        { service: 'catalog', durationMs: 5, outcome: 'timeout' },
      ]),
    ).toBe(
      'users;dur=12.3;desc="success", catalog;dur=8.1;desc="success", catalog;dur=5.0;desc="timeout"',
    );
  });

  it('stays bounded', () => {
    const calls = Array.from({ length: 100 }, () => ({
      service: 'users',
      durationMs: 1,
      outcome: 'success',
    }));
    expect(serverTiming(calls).split(', ')).toHaveLength(32);
  });
});
