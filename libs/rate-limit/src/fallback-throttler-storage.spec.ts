import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { FallbackThrottlerStorage, SharedThrottlerStore } from './fallback-throttler-storage';

const TTL = 60_000;
const OPTIONS = { timeoutMs: 50, retryAfterFailureMs: 200 };

type Record = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A shared store whose answers the test decides; it records what it was asked. */
function sharedStore(answer: () => Promise<Record>, available = true) {
  const increment = jest.fn((..._args: Parameters<ThrottlerStorage['increment']>) => answer());
  const store: SharedThrottlerStore = { storage: { increment }, isAvailable: () => available };
  return { store, increment };
}

/** `count` requests of one caller with limit 3; whether each was blocked. */
async function blockedFlags(
  storage: ThrottlerStorage,
  count: number,
  key = 'k',
): Promise<boolean[]> {
  const flags: boolean[] = [];
  for (let i = 0; i < count; i++) {
    flags.push((await storage.increment(key, TTL, 3, 0, 'default')).isBlocked);
  }
  return flags;
}

/** A loopback port where nothing listens (it was free a moment ago). */
async function refusingPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe(FallbackThrottlerStorage.name, () => {
  const storages: FallbackThrottlerStorage[] = [];
  const clients: Redis[] = [];
  let deadPort: number;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    deadPort = await refusingPort();
  });
  afterAll(() => clients.forEach((client) => client.disconnect()));

  /**
   * A client like the BFF's (no offline queue, no retries) that is not connected, and could only
   * ever reach a port that refuses: every command rejects at once.
   */
  const disconnectedClient = () => {
    const client = new Redis({
      host: '127.0.0.1',
      port: deadPort,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    clients.push(client);
    return client;
  };
  const make = (shared: SharedThrottlerStore | undefined) => {
    const storage = new FallbackThrottlerStorage(shared, OPTIONS);
    storages.push(storage);
    return storage;
  };
  afterEach(() => storages.splice(0).forEach((storage) => storage.onApplicationShutdown()));

  it('counts in memory when there is no shared store', async () => {
    const storage = make(undefined);
    expect(await blockedFlags(storage, 5)).toEqual([false, false, false, true, true]);
    expect(await blockedFlags(storage, 1, 'other')).toEqual([false]);
  });

  it('counts in the shared store when it is available, asking it for no block beyond the window', async () => {
    const record = { totalHits: 2, timeToExpire: 42, isBlocked: false, timeToBlockExpire: 0 };
    const { store, increment } = sharedStore(() => Promise.resolve(record));
    const storage = make(store);
    await expect(storage.increment('k', TTL, 3, 0, 'default')).resolves.toEqual(record);
    // The Redis script cannot SET a 0 ms block: 1 ms, and the window itself does the blocking.
    expect(increment).toHaveBeenCalledWith('k', TTL, 3, 1, 'default');
  });

  it('makes a blocked caller wait for the end of the shared window', async () => {
    const record = { totalHits: 4, timeToExpire: 37, isBlocked: true, timeToBlockExpire: 1 };
    const { store } = sharedStore(() => Promise.resolve(record));
    await expect(make(store).increment('k', TTL, 3, 0, 'default')).resolves.toEqual({
      ...record,
      timeToBlockExpire: 37,
    });
  });

  it('passes a real block duration through untouched', async () => {
    const record = { totalHits: 4, timeToExpire: 37, isBlocked: true, timeToBlockExpire: 60 };
    const { store, increment } = sharedStore(() => Promise.resolve(record));
    await expect(make(store).increment('k', TTL, 3, 60_000, 'default')).resolves.toEqual(record);
    expect(increment).toHaveBeenCalledWith('k', TTL, 3, 60_000, 'default');
  });

  it('does not ask a store that is not available, and counts in memory', async () => {
    const { store, increment } = sharedStore(() => Promise.reject(new Error('unused')), false);
    expect(await blockedFlags(make(store), 4)).toEqual([false, false, false, true]);
    expect(increment).not.toHaveBeenCalled();
  });

  it('falls back to memory when the shared store rejects, and leaves it alone for a while', async () => {
    const { store, increment } = sharedStore(() => Promise.reject(new Error('READONLY')));
    const storage = make(store);
    expect(await blockedFlags(storage, 4)).toEqual([false, false, false, true]);
    expect(increment).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, OPTIONS.retryAfterFailureMs + 20));
    await storage.increment('k', TTL, 3, 0, 'default');
    expect(increment).toHaveBeenCalledTimes(2);
  });

  it('falls back to memory when the shared store does not answer in time', async () => {
    const { store } = sharedStore(() => new Promise<Record>(() => undefined));
    const storage = make(store);
    const started = performance.now();
    const record = await storage.increment('k', TTL, 3, 0, 'default');
    expect(performance.now() - started).toBeLessThan(OPTIONS.timeoutMs + 100);
    expect(record).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('goes back to the shared store once it answers again', async () => {
    let healthy = false;
    const record = { totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };
    const { store, increment } = sharedStore(() =>
      healthy ? Promise.resolve(record) : Promise.reject(new Error('down')),
    );
    const storage = make(store);
    await storage.increment('k', TTL, 3, 0, 'default');
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, OPTIONS.retryAfterFailureMs + 20));
    await expect(storage.increment('k', TTL, 3, 0, 'default')).resolves.toBe(record);
    expect(increment).toHaveBeenCalledTimes(2);
  });

  it('tries the shared store again at once after a reconnect', async () => {
    let healthy = false;
    const record = { totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };
    const { store, increment } = sharedStore(() =>
      healthy ? Promise.resolve(record) : Promise.reject(new Error('connection reset')),
    );
    const storage = make(store);
    await storage.increment('k', TTL, 3, 0, 'default');
    healthy = true;
    storage.sharedStoreReconnected();
    await expect(storage.increment('k', TTL, 3, 0, 'default')).resolves.toBe(record);
    expect(increment).toHaveBeenCalledTimes(2);
  });

  describe('over Redis', () => {
    it('falls back when the real Redis storage rejects (client not connected)', async () => {
      const client = disconnectedClient();
      const redisStorage = new ThrottlerStorageRedisService(client);
      const storage = make({ storage: redisStorage, isAvailable: () => true });
      const spy = jest.spyOn(redisStorage, 'increment');
      expect(await blockedFlags(storage, 4)).toEqual([false, false, false, true]);
      await expect(spy.mock.results[0]?.value).rejects.toThrow();
    });

    it('counts in memory while the shared client is not ready, without sending it anything', async () => {
      const client = disconnectedClient();
      const sent = jest.spyOn(client, 'sendCommand');
      const storage = FallbackThrottlerStorage.forRedis(client, OPTIONS);
      storages.push(storage);
      expect(await blockedFlags(storage, 4)).toEqual([false, false, false, true]);
      expect(sent).not.toHaveBeenCalled();
    });

    it('never closes the shared client', async () => {
      const client = disconnectedClient();
      const disconnect = jest.spyOn(client, 'disconnect');
      const quit = jest.spyOn(client, 'quit');
      const storage = FallbackThrottlerStorage.forRedis(client, OPTIONS);
      await storage.increment('k', TTL, 3, 0, 'default');
      storage.onApplicationShutdown();
      // Nor would the library's own hook, were it ever called: it closes only what it created.
      new ThrottlerStorageRedisService(client).onModuleDestroy();
      expect(disconnect).not.toHaveBeenCalled();
      expect(quit).not.toHaveBeenCalled();
    });

    it('counts in memory only when Redis is not configured', async () => {
      const storage = FallbackThrottlerStorage.forRedis(null, OPTIONS);
      storages.push(storage);
      expect(await blockedFlags(storage, 4)).toEqual([false, false, false, true]);
    });
  });
});
