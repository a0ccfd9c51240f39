import { createKeyv } from 'cacheable';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { TieredCache } from '@app/cache';
import { AppConfig, loadConfig } from '@app/config';
import { AppError } from '@app/errors';
import { IdempotentWrite, IdempotentWrites, REPLAY_TTL_MS } from './idempotent-writes';

/** Without TTL jitter, so a replay is kept for exactly its TTL. */
const CONFIG: AppConfig = (() => {
  const config = loadConfig({ NODE_ENV: 'test' });
  return { ...config, cache: { ...config.cache, ttlJitter: 0 } };
})();

const PUT = { method: 'PUT', pushToken: 'a'.repeat(64), appVersion: '5.1.3', locale: 'en-GB' };

/** A real TieredCache over memory and a Keyv standing for Redis (shared by "replicas"). */
function writesOver(redis: Keyv = new Keyv({ useKeyPrefix: false })) {
  const memory = createKeyv({ lruSize: 100, useClone: false });
  memory.useKeyPrefix = false;
  return new IdempotentWrites(new TieredCache(createCache({ stores: [memory, redis] }), CONFIG));
}

/** A downstream write answering `created`, then `updated` (as notifications-service would). */
function registration(delayMs = 0) {
  let calls = 0;
  return jest.fn(() => {
    const outcome = ++calls === 1 ? 'created' : 'updated';
    if (delayMs === 0) return Promise.resolve(outcome);
    return new Promise<string>((resolve) => setTimeout(() => resolve(outcome), delayMs));
  });
}

function write(idempotencyKey: string | undefined, overrides: Partial<IdempotentWrite> = {}) {
  return { userId: 'u-1001', idempotencyKey, parameters: PUT, ...overrides };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => new Error('not refused'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

describe(IdempotentWrites.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2030-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('runs every write without a key', async () => {
    const writes = writesOver();
    const run = registration();
    await expect(writes.once(write(undefined), run)).resolves.toBe('created');
    await expect(writes.once(write(undefined), run)).resolves.toBe('updated');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('replays the first outcome for the same user and key, without running again', async () => {
    const writes = writesOver();
    const run = registration();
    await expect(writes.once(write('k-1'), run)).resolves.toBe('created');
    await expect(writes.once(write('k-1'), run)).resolves.toBe('created');
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs concurrent duplicates once: all wait for the same write', async () => {
    const writes = writesOver();
    const run = registration(50);
    const outcomes = Promise.all([1, 2, 3, 4].map(() => writes.once(write('k-1'), run)));
    await jest.advanceTimersByTimeAsync(50);
    await expect(outcomes).resolves.toEqual(['created', 'created', 'created', 'created']);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('replays on another instance through the shared tier', async () => {
    const redis = new Keyv({ useKeyPrefix: false });
    const run = registration();
    await writesOver(redis).once(write('k-1'), run);
    await jest.advanceTimersByTimeAsync(0); // the shared write is not awaited
    await expect(writesOver(redis).once(write('k-1'), run)).resolves.toBe('created');
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('keeps keys apart per user', async () => {
    const writes = writesOver();
    const run = registration();
    await writes.once(write('k-1'), run);
    await expect(writes.once(write('k-1', { userId: 'u-1002' }), run)).resolves.toBe('updated');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['another token', { ...PUT, pushToken: 'b'.repeat(64) }],
    ['another version', { ...PUT, appVersion: '5.2.0' }],
    ['another method', { method: 'DELETE', pushToken: PUT.pushToken }],
  ])('refuses a key reused for %s with 400 on Idempotency-Key', async (_, parameters) => {
    const writes = writesOver();
    const run = registration();
    await writes.once(write('k-1'), run);
    const error = await refusal(writes.once(write('k-1', { parameters }), run));
    expect(error.details).toEqual([
      { field: 'Idempotency-Key', issue: 'was already used for a different request' },
    ]);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('refuses a concurrent write that reuses the key for another request', async () => {
    const writes = writesOver();
    const run = registration(50);
    const first = writes.once(write('k-1'), run);
    const other = refusal(writes.once(write('k-1', { parameters: { ...PUT, locale: 'fr' } }), run));
    await jest.advanceTimersByTimeAsync(50);
    await expect(first).resolves.toBe('created');
    expect((await other).code).toBe('VALIDATION_FAILED');
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('keeps no failure: a retry with the key runs the write', async () => {
    const writes = writesOver();
    const run = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('notifications down'))
      .mockResolvedValueOnce('created');
    await expect(writes.once(write('k-1'), run)).rejects.toThrow('notifications down');
    await expect(writes.once(write('k-1'), run)).resolves.toBe('created');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('replays for 24 hours, then runs the write again', async () => {
    const writes = writesOver();
    const run = registration();
    await writes.once(write('k-1'), run);
    jest.setSystemTime(Date.now() + REPLAY_TTL_MS - 60_000);
    await expect(writes.once(write('k-1'), run)).resolves.toBe('created');
    jest.setSystemTime(Date.now() + 60_000);
    await expect(writes.once(write('k-1'), run)).resolves.toBe('updated');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['a control character', 'k\n1'],
    ['not ASCII', 'clé'],
  ])('refuses a key that is %s, running nothing', async (_, key) => {
    const run = registration();
    const error = await refusal(writesOver().once(write(key), run));
    expect(error.details).toEqual([
      { field: 'Idempotency-Key', issue: 'must be 1 to 255 printable ASCII characters' },
    ]);
    expect(run).not.toHaveBeenCalled();
  });

  it('takes any printable key up to 255 characters', async () => {
    const run = registration();
    const key = ` !~${'k'.repeat(252)}`;
    await expect(writesOver().once(write(key), run)).resolves.toBe('created');
  });
});
