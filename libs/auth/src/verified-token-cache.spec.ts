import { loadConfig } from '@app/config';
import type { AuthenticatedUser } from './authenticated-user';
import { VerifiedTokenCache } from './verified-token-cache';

const cacheOfSize = (size: number): VerifiedTokenCache =>
  new VerifiedTokenCache(loadConfig({ NODE_ENV: 'test', AUTH_TOKEN_CACHE_SIZE: String(size) }));

const userExpiringIn = (seconds: number, userId = 'u-1'): AuthenticatedUser => ({
  userId,
  claims: { sub: userId, exp: Math.floor(Date.now() / 1000) + seconds },
});

describe(VerifiedTokenCache.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('returns what was stored for the exact same token only', () => {
    const cache = cacheOfSize(10);
    const user = userExpiringIn(60);
    cache.set('a.b.c', user);
    expect(cache.get('a.b.c')).toBe(user);
    expect(cache.get('a.b.d')).toBeUndefined();
  });

  it('never serves an entry past its exp, even if the LRU still holds it', () => {
    const cache = cacheOfSize(10);
    const user = userExpiringIn(60);
    cache.set('t', user);
    const later = Date.now() + 61_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect(cache.get('t')).toBeUndefined();
  });

  it('does not store a token already past exp (accepted only thanks to the leeway)', () => {
    const cache = cacheOfSize(10);
    cache.set('t', userExpiringIn(-2));
    expect(cache.get('t')).toBeUndefined();
  });

  it('does not store a user without a numeric exp', () => {
    const cache = cacheOfSize(10);
    cache.set('t', { userId: 'u-1', claims: { sub: 'u-1' } });
    expect(cache.get('t')).toBeUndefined();
  });

  it('is bounded: the least recently used token goes first', () => {
    const cache = cacheOfSize(2);
    cache.set('t1', userExpiringIn(60, 'u-1'));
    cache.set('t2', userExpiringIn(60, 'u-2'));
    expect(cache.get('t1')?.userId).toBe('u-1');
    cache.set('t3', userExpiringIn(60, 'u-3'));
    expect(cache.get('t2')).toBeUndefined();
    expect(cache.get('t1')?.userId).toBe('u-1');
    expect(cache.get('t3')?.userId).toBe('u-3');
  });

  it('stores nothing when its size is 0', () => {
    const cache = cacheOfSize(0);
    cache.set('t', userExpiringIn(60));
    expect(cache.get('t')).toBeUndefined();
  });
});
