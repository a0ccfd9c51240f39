import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { JwksClient, SigningKey } from 'jwks-rsa';
import { loadConfig } from '@app/config';
import { AuditLog } from './audit/audit-log';
import { JwksKeyStore, KeySetChange } from './jwks-key-store';
import { TokenRejectedError } from './token-rejection';

const REFRESH_MS = 60_000;
const COOLDOWN_MS = 10_000;
/** The store's own retry delay after a failed fetch (the cooldown being longer). */
const RETRY_AFTER_FAILURE_MS = 2_000;

/** One P-256 public key in PEM, shared by every fake kid: the store only imports it. */
const EC_PEM = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

/** The IdP's JWKS endpoint as jwks-rsa would return it, driven by the test. */
function fakeJwks(initialKids: string[]) {
  const kids = new Set(initialKids);
  let failing = false;
  const fetches = jest.spyOn(JwksClient.prototype, 'getSigningKeys').mockImplementation(() =>
    failing
      ? Promise.reject(new Error('connect ECONNREFUSED'))
      : Promise.resolve(
          [...kids].map((kid): SigningKey => ({
            kid,
            alg: 'ES256',
            getPublicKey: () => EC_PEM,
            publicKey: EC_PEM,
          })),
        ),
  );
  return {
    fetches,
    publish: (kid: string) => kids.add(kid),
    withdraw: (kid: string) => kids.delete(kid),
    fail: (down: boolean) => {
      failing = down;
    },
  };
}

/** The reason the store gives for refusing `kid`, or 'accepted'. */
async function outcomeFor(store: JwksKeyStore, kid: string): Promise<string> {
  try {
    await store.getPublicKey(kid, 'ES256');
    return 'accepted';
  } catch (error) {
    if (error instanceof TokenRejectedError) return error.reason;
    throw error;
  }
}

describe(JwksKeyStore.name, () => {
  let store: JwksKeyStore;
  let audited: jest.Mock;
  let changes: KeySetChange[];

  beforeEach(() => {
    jest.useFakeTimers();
    Logger.overrideLogger(false);
    const config = loadConfig({
      NODE_ENV: 'test',
      AUTH_JWKS_REFRESH_MS: String(REFRESH_MS),
      AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
    });
    audited = jest.fn();
    store = new JwksKeyStore(config, new AuditLog(config, { info: audited }));
    changes = [];
    store.onKeySetChange((change) => changes.push(change));
    store.onApplicationBootstrap();
  });
  afterEach(() => {
    store.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('on its schedule', () => {
    it('picks up a key published ahead of a rotation, so its first token needs no fetch', async () => {
      const jwks = fakeJwks(['kid-a']);
      await store.warmUp();
      jwks.publish('kid-b');
      await jest.advanceTimersByTimeAsync(REFRESH_MS);
      expect(jwks.fetches).toHaveBeenCalledTimes(2);
      expect(await outcomeFor(store, 'kid-b')).toBe('accepted');
      expect(jwks.fetches).toHaveBeenCalledTimes(2);
      expect(changes).toEqual([
        { added: ['kid-a'], removed: [] },
        { added: ['kid-b'], removed: [] },
      ]);
    });

    it('stops trusting a withdrawn key, tells its listeners and the audit log', async () => {
      const jwks = fakeJwks(['kid-a', 'kid-b']);
      await store.warmUp();
      jwks.withdraw('kid-a');
      await jest.advanceTimersByTimeAsync(REFRESH_MS);
      expect(await outcomeFor(store, 'kid-a')).toBe('unknown-key');
      expect(await outcomeFor(store, 'kid-b')).toBe('accepted');
      expect(changes.at(-1)).toEqual({ added: [], removed: ['kid-a'] });
      expect(audited).toHaveBeenLastCalledWith(
        { event: 'signing-keys-changed', added: [], removed: ['kid-a'], keyIds: ['kid-b'] },
        'signing keys changed',
      );
    });

    it('keeps the last good key set when a refresh fails, with a warning', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      const jwks = fakeJwks(['kid-a']);
      await store.warmUp();
      jwks.fail(true);
      await jest.advanceTimersByTimeAsync(REFRESH_MS);
      expect(jwks.fetches).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('keeping 1 known keys'));
      expect(await outcomeFor(store, 'kid-a')).toBe('accepted');
      expect(store.knownKeyIds).toEqual(['kid-a']);
    });

    it('stops on shutdown', async () => {
      const jwks = fakeJwks(['kid-a']);
      store.onApplicationShutdown();
      await jest.advanceTimersByTimeAsync(5 * REFRESH_MS);
      expect(jwks.fetches).not.toHaveBeenCalled();
    });
  });

  describe('for an unknown kid', () => {
    it('refetches only once the last successful fetch is older than the cooldown, one fetch for a flood', async () => {
      const jwks = fakeJwks(['kid-a']);
      await store.warmUp();
      const flood = () =>
        Promise.all(Array.from({ length: 50 }, () => outcomeFor(store, randomUUID())));
      expect(new Set(await flood())).toEqual(new Set(['unknown-key']));
      expect(jwks.fetches).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(COOLDOWN_MS);
      expect(new Set(await flood())).toEqual(new Set(['unknown-key']));
      expect(jwks.fetches).toHaveBeenCalledTimes(2); // the 50 shared one in-flight fetch
      expect(new Set(await flood())).toEqual(new Set(['unknown-key']));
      expect(jwks.fetches).toHaveBeenCalledTimes(2);
    });

    it('finds a key published since the last fetch once the cooldown is over', async () => {
      const jwks = fakeJwks(['kid-a']);
      await store.warmUp();
      jwks.publish('kid-new');
      expect(await outcomeFor(store, 'kid-new')).toBe('unknown-key');
      await jest.advanceTimersByTimeAsync(COOLDOWN_MS);
      expect(await outcomeFor(store, 'kid-new')).toBe('accepted');
    });

    it('says keys-unavailable when the fetch for it failed, and retries only after a short delay', async () => {
      const jwks = fakeJwks(['kid-a']);
      await store.warmUp();
      await jest.advanceTimersByTimeAsync(COOLDOWN_MS);
      jwks.fail(true);
      expect(await outcomeFor(store, 'kid-x')).toBe('keys-unavailable');
      expect(await outcomeFor(store, 'kid-y')).toBe('keys-unavailable');
      expect(jwks.fetches).toHaveBeenCalledTimes(2);
      expect(await outcomeFor(store, 'kid-a')).toBe('accepted'); // the known keys still verify
      // A failure does not restart the cooldown: the next try comes after the short delay.
      await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS);
      jwks.fail(false);
      expect(await outcomeFor(store, 'kid-x')).toBe('unknown-key');
      expect(jwks.fetches).toHaveBeenCalledTimes(3);
    });

    it('vouches for a miss with a recent good key set even after a failed refresh', async () => {
      const jwks = fakeJwks(['kid-a']);
      await store.warmUp();
      jwks.fail(true);
      await store.warmUp();
      expect(await outcomeFor(store, 'kid-x')).toBe('unknown-key');
      expect(jwks.fetches).toHaveBeenCalledTimes(2);
    });
  });

  describe('without any key (the IdP down from the start)', () => {
    it('says keys-unavailable and is not ready, until a fetch succeeds', async () => {
      const jwks = fakeJwks(['kid-a']);
      jwks.fail(true);
      await store.warmUp();
      expect(await store.hasUsableKeys()).toBe(false);
      expect(await outcomeFor(store, 'kid-a')).toBe('keys-unavailable');
      expect(jwks.fetches).toHaveBeenCalledTimes(1); // within the retry delay: not asked again
      jwks.fail(false);
      await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS);
      expect(await store.hasUsableKeys()).toBe(true);
      expect(await outcomeFor(store, 'kid-a')).toBe('accepted');
    });
  });

  it('never lets a key verify a token of the other algorithm', async () => {
    fakeJwks(['kid-a']);
    await store.warmUp();
    await expect(store.getPublicKey('kid-a', 'RS256')).rejects.toMatchObject({
      reason: 'bad-signature',
    });
  });
});
