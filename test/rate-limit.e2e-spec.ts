import { setTimeout as delay } from 'node:timers/promises';
import { BffHarness, startBff } from './support/bff-harness';
import { rawRequest, RawResponse } from './support/raw-http';
import { Blackhole, startBlackhole, startRedisCluster, startRedisServer } from './support/redis';
import { ROUTES } from './support/routes';
import { expectedEnvelope } from './support/envelope';

jest.setTimeout(60_000);

const USER_LIMIT = 5;
const ANON_LIMIT = 3;
const BAD_TOKEN_LIMIT = 2;
const LIMITS = {
  RATE_LIMIT_USER_PER_MIN: String(USER_LIMIT),
  RATE_LIMIT_ANON_PER_MIN: String(ANON_LIMIT),
  RATE_LIMIT_BAD_TOKEN_PER_MIN: String(BAD_TOKEN_LIMIT),
};
/** The contract's screen deadline; with Redis gone, answers must stay well under it. */
const SCREEN_DEADLINE_MS = 800;

interface Answer {
  status: number;
  headers: RawResponse['headers'];
  body: unknown;
  ms: number;
}

interface CallOptions {
  /** A bearer token (sent as is after `Bearer `). */
  token?: string;
  headers?: Record<string, string>;
  /** The client's source address on the loopback (127.x.y.z): a distinct anonymous client. */
  from?: string;
}

/** One GET over a fresh loopback connection, timed from the request to the whole body. */
async function call(bff: BffHarness, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const started = performance.now();
  const response = await rawRequest(`${bff.baseUrl}${path}`, {
    headers,
    localAddress: options.from ?? '127.0.0.1',
  });
  const isJson = /json/.test(response.headers['content-type'] ?? '');
  return {
    status: response.status,
    headers: response.headers,
    body: isJson ? (JSON.parse(response.body) as unknown) : response.body,
    ms: performance.now() - started,
  };
}

/** The iOS home screen; a bad `scale` makes it a cheap 400 (after the guards ran). */
const iosHome = (bff: BffHarness, options: CallOptions & { scale?: string } = {}) =>
  call(bff, ROUTES.home('ios'), {
    ...options,
    headers: { ...options.headers, 'x-display-scale': options.scale ?? '2' },
  });

/** `count` sequential calls (a limit is about order, so never in parallel). */
async function repeat(count: number, once: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) answers.push(await once());
  return answers;
}

const rateHeaders = (answer: Answer) => ({
  limit: Number(answer.headers['x-ratelimit-limit']),
  remaining: Number(answer.headers['x-ratelimit-remaining']),
  reset: Number(answer.headers['x-ratelimit-reset']),
});

const statuses = (answers: Answer[]) => answers.map((answer) => answer.status);
const remainders = (answers: Answer[]) => answers.map((answer) => rateHeaders(answer).remaining);

/** X-RateLimit-* are all there, integers, and Reset is within the 60 s window. */
function expectRateHeaders(answer: Answer, limit: number, remaining: number): void {
  for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
    expect(answer.headers[name]).toMatch(/^\d+$/);
  }
  const headers = rateHeaders(answer);
  expect(headers).toEqual({ limit, remaining, reset: expect.any(Number) });
  expect(headers.reset).toBeGreaterThanOrEqual(1);
  expect(headers.reset).toBeLessThanOrEqual(60);
}

function expectRateLimited(answer: Answer, limit: number): void {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual(expectedEnvelope('RATE_LIMITED', true));
  expect(answer.headers['retry-after']).toMatch(/^\d+$/);
  const retryAfter = Number(answer.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expectRateHeaders(answer, limit, 0);
  expect(rateHeaders(answer).reset).toBeGreaterThanOrEqual(retryAfter);
}

let users = 0;
/** A user no other test counts against (the demo users service knows every `u-<digits>`). */
const freshUser = () => `u-${3000 + ++users}`;
let addresses = 0;
/** A loopback source address no other test counts against. */
const freshAddress = () => {
  addresses += 1;
  return `127.0.${1 + (addresses >> 8)}.${addresses & 0xff}`;
};

/** Two BFF instances over one Redis (standalone URL or cluster seeds), same IdP and backends. */
async function startPair(redisEnv: Record<string, string>): Promise<[BffHarness, BffHarness]> {
  const a = await startBff({ ...LIMITS, ...redisEnv });
  try {
    const b = await startBff({ ...LIMITS, ...redisEnv }, { backends: a.backends });
    return [a, b];
  } catch (error) {
    await a.close();
    throw error;
  }
}

const redisStatus = async (bff: BffHarness): Promise<unknown> => {
  const { body } = await call(bff, ROUTES.health.ready);
  return (body as { details?: { redis?: { status?: string } } }).details?.redis?.status;
};

/** Polls the readiness details until every BFF's Redis client reports `status` (bounded). */
async function waitForRedis(bffs: BffHarness[], status: 'up' | 'degraded'): Promise<void> {
  const deadline = performance.now() + 15_000;
  for (;;) {
    const seen = await Promise.all(bffs.map(redisStatus));
    if (seen.every((each) => each === status)) return;
    if (performance.now() > deadline) {
      throw new Error(`Redis never reported ${status}: ${JSON.stringify(seen)}`);
    }
    await delay(50);
  }
}

/** For one `describe`: a Redis (standalone or cluster) and two BFF instances sharing it. */
function usePairOver<R extends { stop(): Promise<void> }>(
  startRedis: () => Promise<R>,
  redisEnv: (redis: R) => Record<string, string>,
): { redis: R; a: BffHarness; b: BffHarness } {
  const pair = {} as { redis: R; a: BffHarness; b: BffHarness };
  beforeAll(async () => {
    pair.redis = await startRedis();
    [pair.a, pair.b] = await startPair({
      ...redisEnv(pair.redis),
      // Past the 100 ms default a command fails open to per-instance counting, which is not what
      // these tests count; a loaded 2-core machine once took that long (a 429 became a 401).
      REDIS_COMMAND_TIMEOUT_MS: '1000',
    });
    await waitForRedis([pair.a, pair.b], 'up');
  });
  afterAll(async () => {
    await Promise.all([pair.a?.close(), pair.b?.close()]);
    await pair.redis?.stop();
  });
  return pair;
}

const isServerError = (answer: Answer) => answer.status >= 500;

describe('rate limiting', () => {
  describe('with Redis, on one and two instances', () => {
    const pair = usePairOver(startRedisServer, (redis) => ({ REDIS_URL: redis.url }));

    it('counts a user down on 200s, then answers the 6th request with 429 and Retry-After', async () => {
      const token = await pair.a.token(freshUser());
      const answers = await repeat(USER_LIMIT + 1, () => iosHome(pair.a, { token }));
      expect(statuses(answers)).toEqual([200, 200, 200, 200, 200, 429]);
      answers.slice(0, USER_LIMIT).forEach((answer, i) => {
        expectRateHeaders(answer, USER_LIMIT, USER_LIMIT - 1 - i);
      });
      expectRateLimited(answers[USER_LIMIT], USER_LIMIT);
      // Still limited, and still said so, on the next try.
      expectRateLimited(await iosHome(pair.a, { token }), USER_LIMIT);
    });

    it('keeps one budget per user across routes and platforms', async () => {
      const token = await pair.a.token(freshUser());
      await repeat(3, () => iosHome(pair.a, { token }));
      const android = await call(pair.a, ROUTES.home('android'), { token });
      expect(android.status).toBe(200);
      expectRateHeaders(android, USER_LIMIT, USER_LIMIT - 4);
    });

    it('does not limit another user', async () => {
      const limited = await pair.a.token(freshUser());
      await repeat(USER_LIMIT + 1, () => iosHome(pair.a, { token: limited, scale: 'bad' }));
      const other = await iosHome(pair.a, { token: await pair.a.token(freshUser()) });
      expect(other.status).toBe(200);
      expectRateHeaders(other, USER_LIMIT, USER_LIMIT - 1);
    });

    it('puts the headers on 400s too, and counts them', async () => {
      const token = await pair.a.token(freshUser());
      const ios = await repeat(2, () => iosHome(pair.a, { token, scale: '7' }));
      const android = await call(pair.a, ROUTES.home('android'), {
        token,
        headers: { 'x-display-density': 'ultra' },
      });
      for (const answer of [...ios, android]) {
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      }
      expect(remainders([...ios, android])).toEqual([4, 3, 2]);
      expectRateHeaders(android, USER_LIMIT, 2);
    });

    it('limits anonymous callers per address, with the anonymous limit, on 401s', async () => {
      const from = freshAddress();
      const answers = await repeat(ANON_LIMIT + 2, () => iosHome(pair.a, { from }));
      expect(statuses(answers)).toEqual([401, 401, 401, 429, 429]);
      answers.slice(0, ANON_LIMIT).forEach((answer, i) => {
        expect(answer.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
        expectRateHeaders(answer, ANON_LIMIT, ANON_LIMIT - 1 - i);
      });
      expectRateLimited(answers[3], ANON_LIMIT);
      expectRateLimited(answers[4], ANON_LIMIT);
    });

    it('limits bad tokens per address in a budget of their own, across two instances', async () => {
      const from = freshAddress();
      const garbage = 'not.a.token';
      const forged = `${(await pair.a.token('u-1001')).slice(0, -4)}AAAA`;
      const answers = [
        await iosHome(pair.a, { from, token: garbage }),
        await iosHome(pair.b, { from, token: forged }),
        await iosHome(pair.a, { from, token: forged }),
      ];
      expect(statuses(answers)).toEqual([401, 401, 429]);
      expectRateHeaders(answers[0], BAD_TOKEN_LIMIT, BAD_TOKEN_LIMIT - 1);
      expectRateLimited(answers[2], BAD_TOKEN_LIMIT);
      // The address's anonymous budget is its own.
      expectRateHeaders(await iosHome(pair.b, { from }), ANON_LIMIT, ANON_LIMIT - 1);
    });

    it("counts an authenticated user by user, not by the address's anonymous budget", async () => {
      const from = freshAddress();
      await repeat(ANON_LIMIT + 1, () => iosHome(pair.a, { from }));
      const user = await iosHome(pair.a, { from, token: await pair.a.token(freshUser()) });
      expect(user.status).toBe(200);
      expectRateHeaders(user, USER_LIMIT, USER_LIMIT - 1);
      // ...and another address still has its own anonymous budget.
      expectRateHeaders(
        await iosHome(pair.a, { from: freshAddress() }),
        ANON_LIMIT,
        ANON_LIMIT - 1,
      );
    });

    it('does not believe X-Forwarded-For from a client that is not a trusted proxy', async () => {
      const from = freshAddress();
      const answers = await repeat(ANON_LIMIT + 1, () =>
        iosHome(pair.a, { from, headers: { 'x-forwarded-for': freshAddress() } }),
      );
      expect(statuses(answers)).toEqual([401, 401, 401, 429]);
    });

    it('never limits the health probes nor the API docs, which carry no rate-limit headers', async () => {
      const from = freshAddress();
      const probes = await repeat(2 * ANON_LIMIT, () => call(pair.a, ROUTES.health.live, { from }));
      const ready = await repeat(2 * ANON_LIMIT, () => call(pair.a, ROUTES.health.ready, { from }));
      const docs = await repeat(2 * ANON_LIMIT, () =>
        call(pair.a, ROUTES.docs.document('ios'), { from }),
      );
      const withToken = await call(pair.a, ROUTES.health.live, {
        from,
        token: await pair.a.token(freshUser()),
      });
      for (const answer of [...probes, ...ready, ...docs, withToken]) {
        expect(answer.status).toBe(200);
        expect(
          Object.keys(answer.headers).filter((name) => /ratelimit|retry-after/i.test(name)),
        ).toEqual([]);
      }
      // None of them was counted against the address.
      expectRateHeaders(await iosHome(pair.a, { from }), ANON_LIMIT, ANON_LIMIT - 1);
    });

    it('enforces one combined limit per user across two instances', async () => {
      const user = freshUser();
      const onA = await repeat(3, async () => iosHome(pair.a, { token: await pair.a.token(user) }));
      // B trusts the same IdP: A's tokens identify the same user there (the passport strategy
      // registry is process-wide, so both instances really do verify with the same settings).
      const onB = await repeat(3, async () => iosHome(pair.b, { token: await pair.a.token(user) }));
      expect(statuses([...onA, ...onB])).toEqual([200, 200, 200, 200, 200, 429]);
      expect(remainders([...onA, ...onB])).toEqual([4, 3, 2, 1, 0, 0]);
      expectRateLimited(onB[2], USER_LIMIT);
      expectRateLimited(await iosHome(pair.a, { token: await pair.a.token(user) }), USER_LIMIT);
    });

    it('enforces one combined limit per address across two instances', async () => {
      const from = freshAddress();
      const answers = [
        await iosHome(pair.a, { from }),
        await iosHome(pair.b, { from }),
        await iosHome(pair.a, { from }),
        await iosHome(pair.b, { from }),
      ];
      expect(statuses(answers)).toEqual([401, 401, 401, 429]);
      expect(remainders(answers)).toEqual([2, 1, 0, 0]);
    });
  });

  describe('behind a trusted proxy', () => {
    let bff: BffHarness;

    beforeAll(async () => {
      bff = await startBff({ ...LIMITS, TRUSTED_PROXIES: '127.0.0.1' });
    });
    afterAll(() => bff?.close());

    const viaProxy = (client: string) => iosHome(bff, { headers: { 'x-forwarded-for': client } });

    it('counts the forwarded IPv6 clients of one /64 as one client', async () => {
      const answers = await Promise.all(
        ['2001:db8:7:1::1', '2001:db8:7:1:ffff:ffff:ffff:fffe', '2001:0db8:0007:0001::abcd'].map(
          (client) => viaProxy(client),
        ),
      );
      expect(remainders(answers).sort((x, y) => x - y)).toEqual([0, 1, 2]);
      expectRateLimited(await viaProxy('2001:db8:7:1:1234::5'), ANON_LIMIT);
      expectRateHeaders(await viaProxy('2001:db8:7:2::1'), ANON_LIMIT, ANON_LIMIT - 1);
    });

    it('counts an IPv4-mapped IPv6 client as its IPv4 address', async () => {
      const answers = [
        await viaProxy('198.51.100.7'),
        await viaProxy('::ffff:198.51.100.7'),
        await viaProxy('198.51.100.7'),
        await viaProxy('::ffff:198.51.100.7'),
      ];
      expect(statuses(answers)).toEqual([401, 401, 401, 429]);
    });
  });

  describe('when Redis dies and comes back', () => {
    const pair = usePairOver(startRedisServer, (redis) => ({ REDIS_URL: redis.url }));

    it('keeps answering, fast, while Redis is killed mid-run', async () => {
      const token = await pair.a.token(freshUser());
      const before = await repeat(2, () => iosHome(pair.a, { token }));
      const [, during] = await Promise.all([
        pair.redis.kill(),
        repeat(6, () => iosHome(pair.a, { token })),
      ]);
      const after = await repeat(6, () => iosHome(pair.a, { token }));
      const answers = [...before, ...during, ...after];
      expect(answers.filter(isServerError)).toEqual([]);
      expect(new Set(statuses(answers))).toEqual(new Set([200, 429]));
      for (const answer of answers) {
        expect(answer.headers['x-ratelimit-limit']).toBe(String(USER_LIMIT));
      }
      expectRateLimited(after[after.length - 1], USER_LIMIT);
      const slowest = Math.max(...answers.map((answer) => answer.ms));
      expect(slowest).toBeLessThan(SCREEN_DEADLINE_MS / 2);
    });

    it('limits per instance while Redis is down', async () => {
      await waitForRedis([pair.a, pair.b], 'degraded');
      const user = freshUser();
      const token = await pair.a.token(user);
      const onA = await repeat(USER_LIMIT + 1, () => iosHome(pair.a, { token }));
      const onB = await repeat(USER_LIMIT + 1, () => iosHome(pair.b, { token }));
      const from = freshAddress();
      const anonymousOnA = await repeat(ANON_LIMIT + 1, () => iosHome(pair.a, { from }));
      const anonymousOnB = await repeat(ANON_LIMIT + 1, () => iosHome(pair.b, { from }));
      expect(statuses(onA)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(statuses(onB)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(statuses(anonymousOnA)).toEqual([401, 401, 401, 429]);
      expect(statuses(anonymousOnB)).toEqual([401, 401, 401, 429]);
      expectRateLimited(onB[USER_LIMIT], USER_LIMIT);
      const all = [...onA, ...onB, ...anonymousOnA, ...anonymousOnB];
      const slowest = Math.max(...all.map((answer) => answer.ms));
      expect(slowest).toBeLessThan(SCREEN_DEADLINE_MS / 2);
    });

    it('enforces the combined limit again once Redis is back', async () => {
      await pair.redis.restart();
      await waitForRedis([pair.a, pair.b], 'up');
      const user = freshUser();
      const onA = await repeat(3, async () => iosHome(pair.a, { token: await pair.a.token(user) }));
      const onB = await repeat(3, async () => iosHome(pair.b, { token: await pair.a.token(user) }));
      expect(statuses([...onA, ...onB])).toEqual([200, 200, 200, 200, 200, 429]);
      expect(remainders([...onA, ...onB])).toEqual([4, 3, 2, 1, 0, 0]);
    });
  });

  describe('with a Redis that accepts connections and never answers', () => {
    let blackhole: Blackhole;
    let bff: BffHarness;

    beforeAll(async () => {
      blackhole = await startBlackhole();
      bff = await startBff({ ...LIMITS, REDIS_URL: blackhole.url });
    });
    afterAll(async () => {
      await bff?.close();
      await blackhole?.stop();
    });

    it('answers every request fast and still limits, per instance', async () => {
      const token = await bff.token(freshUser());
      const from = freshAddress();
      const users = await repeat(USER_LIMIT + 1, () => iosHome(bff, { token }));
      const anonymous = await repeat(ANON_LIMIT + 1, () => iosHome(bff, { from }));
      expect(statuses(users)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(statuses(anonymous)).toEqual([401, 401, 401, 429]);
      expectRateLimited(users[USER_LIMIT], USER_LIMIT);
      for (const answer of [...users, ...anonymous]) expect(answer.ms).toBeLessThan(300);
      expect(await redisStatus(bff)).toBe('degraded');
    });
  });

  describe('on a Redis Cluster', () => {
    const pair = usePairOver(startRedisCluster, (cluster) => ({
      REDIS_CLUSTER_NODES: cluster.nodes.join(','),
    }));

    it('enforces one combined limit per user across two instances, whatever the slot', async () => {
      // Several users, so that their keys land on different slots (and nodes).
      for (const user of [freshUser(), freshUser(), freshUser()]) {
        const token = await pair.a.token(user);
        const answers = [
          ...(await repeat(3, () => iosHome(pair.a, { token, scale: 'bad' }))),
          ...(await repeat(3, () => iosHome(pair.b, { token, scale: 'bad' }))),
        ];
        expect(statuses(answers)).toEqual([400, 400, 400, 400, 400, 429]);
        expect(remainders(answers)).toEqual([4, 3, 2, 1, 0, 0]);
      }
    });

    it('enforces one combined limit per address across two instances', async () => {
      const from = freshAddress();
      const answers = [
        await iosHome(pair.a, { from }),
        await iosHome(pair.b, { from }),
        await iosHome(pair.b, { from }),
        await iosHome(pair.a, { from }),
      ];
      expect(statuses(answers)).toEqual([401, 401, 401, 429]);
      expect(remainders(answers)).toEqual([2, 1, 0, 0]);
    });
  });
});
