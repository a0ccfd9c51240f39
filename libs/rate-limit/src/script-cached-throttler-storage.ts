import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis, { Cluster } from 'ioredis';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const COMMAND = 'bffThrottlerIncrement';

type Scripted = Record<typeof COMMAND, (...args: Array<string | number>) => Promise<unknown>>;

/**
 * @nest-lab/throttler-storage-redis's counter (its Lua script, its keys, its record), with the
 * script registered once per connection through ioredis's `defineCommand` (EVALSHA; EVAL only
 * after a NOSCRIPT) instead of sent with every request: the library's `eval` ships ~1 KB of
 * script per counted request, which Redis then hashes again.
 */
export class ScriptCachedThrottlerStorage extends ThrottlerStorageRedisService {
  constructor(client: Redis | Cluster) {
    super(client as Redis);
    client.defineCommand(COMMAND, { numberOfKeys: 2, lua: this.scriptSrc });
  }

  override async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    const scope = `{${key}:${throttlerName}}`;
    const counted = await (this.redis as unknown as Scripted)[COMMAND](
      `${scope}:hits`,
      `${scope}:blocked`,
      throttlerName,
      ttl,
      limit,
      blockDuration,
    );
    return recordOf(counted);
  }
}

/** The script's `{ totalHits, timeToExpire, isBlocked, timeToBlockExpire }` (milliseconds). */
function recordOf(counted: unknown): ThrottlerRecord {
  if (!Array.isArray(counted) || counted.length !== 4 || !counted.every(Number.isFinite)) {
    throw new TypeError(`the throttler script answered ${String(counted)}`);
  }
  const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = counted as number[];
  return {
    totalHits,
    timeToExpire: Math.ceil(timeToExpire / 1000),
    isBlocked: isBlocked === 1,
    timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
  };
}
