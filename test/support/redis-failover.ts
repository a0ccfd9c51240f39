import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type Redis from 'ioredis';
import type { BffHarness } from './bff-harness';

/** What both failover suites give the BFF: generous limits and deadlines, screens cached. */
export const FAILOVER_ENV = {
  RATE_LIMIT_USER_PER_MIN: '100000',
  CACHE_SCREEN_TTL_MS: '15000',
  // A busy 2-core machine must not turn a slow render into a 503: Redis is what is under test.
  SCREEN_DEADLINE_MS: '5000',
};

/** The Redis key of a user's rate-limit counter (libs/rate-limit: hash-tagged, digested tracker). */
export function userHitsKey(userId: string): string {
  const digest = createHash('sha256').update(`user:${userId}`).digest('base64url');
  return `{rate-limit:${digest}:default}:hits`;
}

/** Home screens for `users` in a loop on `lanes` concurrent lanes, until stopped. */
export function streamHomeRequests(
  bff: BffHarness,
  tokens: string[],
  lanes = 2,
): { stop(): Promise<number[]> } {
  const statuses: number[] = [];
  let running = true;
  const lane = async (offset: number) => {
    for (let turn = offset; running; turn++) {
      const response = await bff.client.home('ios', { token: tokens[turn % tokens.length] });
      statuses.push(response.status);
    }
  };
  const done = Promise.all(Array.from({ length: lanes }, (_, offset) => lane(offset)));
  return {
    stop: async () => {
      running = false;
      await done;
      return statuses;
    },
  };
}

/**
 * After a failover: home screens for fresh users until a screen and a rate-limit counter (of a
 * first request) are stored in `node` (the promoted master) again. On a cluster a user's keys may
 * live on other masters: more users are tried. Bounded by `timeoutMs`.
 */
export async function untilStoredAgain(
  bff: BffHarness,
  node: Redis,
  freshUser: () => string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let screenStored = false;
  let counterStored = false;
  while (!screenStored || !counterStored) {
    if (Date.now() > deadline) {
      throw new Error(`no screen or counter stored ${timeoutMs} ms after the failover`);
    }
    const user = freshUser();
    const response = await bff.client.home('ios', { token: await bff.token(user) });
    expect(response.status).toBe(200);
    // The BFF does not await its cache write: give it a moment (bounded) to land.
    for (let look = 0; look < 20 && !(screenStored && counterStored); look++) {
      const [, screens] = await node.scan('0', 'MATCH', `ios:*:${user}:*`, 'COUNT', 10_000);
      screenStored ||= screens.length > 0;
      counterStored ||= (await node.get(userHitsKey(user)).catch(() => null)) === '1';
      await delay(10);
    }
  }
}
