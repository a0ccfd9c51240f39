import { loadConfig } from '@app/config';
import type { AuthenticatedUser } from './authenticated-user';
import type { JwksKeyStore, KeySetChange } from './jwks-key-store';
import { VerifiedTokenCache } from './verified-token-cache';

/** Stands in for the key store: `change` announces a key set change as a refresh would. */
function keyStoreStub() {
  const listeners: Array<(change: KeySetChange) => void> = [];
  const keyStore = {
    onKeySetChange: (listener: (change: KeySetChange) => void) => listeners.push(listener),
  } as unknown as JwksKeyStore;
  const change = (change: KeySetChange) => listeners.forEach((listener) => listener(change));
  return { keyStore, change };
}

const cacheOfSize = (size: number, keyStore = keyStoreStub().keyStore): VerifiedTokenCache =>
  new VerifiedTokenCache(
    loadConfig({ NODE_ENV: 'test', AUTH_TOKEN_CACHE_SIZE: String(size) }),
    keyStore,
  );

const userExpiringIn = (seconds: number, userId = 'u-1'): AuthenticatedUser => ({
  userId,
  claims: { sub: userId, exp: Math.floor(Date.now() / 1000) + seconds },
});

describe(VerifiedTokenCache.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('returns what was stored for the exact same token only', () => {
    const cache = cacheOfSize(10);
    const user = userExpiringIn(60);
    cache.set('a.b.c', user, 'kid-1');
    expect(cache.get('a.b.c')).toBe(user);
    expect(cache.get('a.b.d')).toBeUndefined();
  });

  it('never serves an entry past its exp, even if the LRU still holds it', () => {
    const cache = cacheOfSize(10);
    const user = userExpiringIn(60);
    cache.set('t', user, 'kid-1');
    const later = Date.now() + 61_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect(cache.get('t')).toBeUndefined();
  });

  it('does not store a token already past exp (accepted only thanks to the leeway)', () => {
    const cache = cacheOfSize(10);
    cache.set('t', userExpiringIn(-2), 'kid-1');
    expect(cache.get('t')).toBeUndefined();
  });

  it('does not store a user without a numeric exp', () => {
    const cache = cacheOfSize(10);
    cache.set('t', { userId: 'u-1', claims: { sub: 'u-1' } }, 'kid-1');
    expect(cache.get('t')).toBeUndefined();
  });

  it('is bounded: the least recently used token goes first', () => {
    const cache = cacheOfSize(2);
    cache.set('t1', userExpiringIn(60, 'u-1'), 'kid-1');
    cache.set('t2', userExpiringIn(60, 'u-2'), 'kid-1');
    expect(cache.get('t1')?.userId).toBe('u-1');
    cache.set('t3', userExpiringIn(60, 'u-3'), 'kid-1');
    expect(cache.get('t2')).toBeUndefined();
    expect(cache.get('t1')?.userId).toBe('u-1');
    expect(cache.get('t3')?.userId).toBe('u-3');
  });

  it('drops the tokens a withdrawn key signed, and only those, when the key set changes', () => {
    const { keyStore, change } = keyStoreStub();
    const cache = cacheOfSize(10, keyStore);
    cache.set('by-old', userExpiringIn(60, 'u-1'), 'kid-old');
    cache.set('by-new', userExpiringIn(60, 'u-2'), 'kid-new');
    change({ added: ['kid-newer'], removed: [] });
    expect(cache.get('by-old')?.userId).toBe('u-1');
    change({ added: [], removed: ['kid-old'] });
    expect(cache.get('by-old')).toBeUndefined();
    expect(cache.get('by-new')?.userId).toBe('u-2');
  });

  it('stores nothing when its size is 0', () => {
    const cache = cacheOfSize(0);
    cache.set('t', userExpiringIn(60), 'kid-1');
    expect(cache.get('t')).toBeUndefined();
  });
});
