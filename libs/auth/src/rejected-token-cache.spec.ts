import { RejectedTokenCache } from './rejected-token-cache';
import { TokenRejectedError } from './token-rejection';

describe(RejectedTokenCache.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('remembers a failed token for a minute, by the exact token', () => {
    const cache = new RejectedTokenCache();
    const rejection = new TokenRejectedError('bad-signature');
    cache.set('a.b.c', rejection);
    expect(cache.get('a.b.c')).toBe(rejection);
    expect(cache.get('a.b.d')).toBeUndefined();
    jest.advanceTimersByTime(59_000);
    expect(cache.get('a.b.c')).toBe(rejection);
    jest.advanceTimersByTime(1_001);
    expect(cache.get('a.b.c')).toBeUndefined();
  });

  it.each(['keys-unavailable', 'unknown-key', 'not-yet-valid'] as const)(
    'does not remember %s, which the next request may not meet',
    (reason) => {
      const cache = new RejectedTokenCache();
      cache.set('a.b.c', new TokenRejectedError(reason));
      expect(cache.get('a.b.c')).toBeUndefined();
    },
  );
});
