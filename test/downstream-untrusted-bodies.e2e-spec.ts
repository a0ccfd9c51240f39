import { once } from 'node:events';
import { createServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import { brotliCompressSync, constants, createGzip, deflateSync, gzipSync } from 'node:zlib';
import { buildUser, userNumber } from '../apps/bench/src/downstream-double-data';
import { DoubleHarness, startBffOverDouble } from './support/double-harness';
import { parsePrometheus, valueOf } from './support/metrics';

/** What the hand-written users service does with a request. */
type Answer = (response: ServerResponse) => void;

interface HostileService {
  url: string;
  answerWith(answer: Answer): void;
  /** Requests received since the start. */
  calls(): number;
  close(): Promise<void>;
}

/**
 * A users service written by hand on node:http: each test sets every header and byte of its
 * answer (encodings, lengths, endless streams), which no implementation of the contract would send.
 */
async function startHostileService(): Promise<HostileService> {
  let answer: Answer = (response) => response.writeHead(500).end();
  let calls = 0;
  const server = createServer((request, response) => {
    calls += 1;
    request.resume();
    answer(response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answerWith: (next) => {
      answer = next;
    },
    calls: () => calls,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const CAP_BYTES = 65_536;
const JSON_TYPE = { 'content-type': 'application/json' };

/** A valid users answer for `userId`, padded with a field the BFF ignores to `size` bytes. */
function userAnswer(userId: string, size = 0): Buffer {
  const user = Buffer.from(JSON.stringify({ ...buildUser(userNumber(userId) ?? 0), padding: '' }));
  const padding = Buffer.alloc(Math.max(0, size - user.length), 'x');
  return Buffer.concat([user.subarray(0, -2), padding, user.subarray(-2)]);
}

/** Resolves when the BFF hangs up on `response` before the service finished it. */
function hangUp(response: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => response.on('close', () => resolve(!response.writableFinished)));
}

/** A stream of `chunk`, again and again, for as long as its reader reads. */
function endless(chunk: Buffer): Readable {
  return new Readable({
    read() {
      this.push(chunk);
    },
  });
}

describe('downstream answers are untrusted input: their size', () => {
  let bff: DoubleHarness;
  let users: HostileService;
  const home = async (user: string) => bff.client.home('ios', { token: await bff.token(user) });
  const badAnswers = async () =>
    valueOf(parsePrometheus((await bff.client.metrics()).text), 'downstream_calls_total', {
      service: 'users',
      outcome: 'bad_response',
    });
  /** The home screen of `user` as a refused users answer leaves it: one bad answer, not retried. */
  const expectRefused = async (user: string) => {
    const [before, calls] = [await badAnswers(), users.calls()];
    const response = await home(user);
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({
      code: 'USER_PROFILE_UNAVAILABLE',
      retryable: true,
    });
    expect(await badAnswers()).toBe(before + 1);
    expect(users.calls()).toBe(calls + 1);
  };

  beforeAll(async () => {
    users = await startHostileService();
    bff = await startBffOverDouble({
      USERS_SERVICE_URL: users.url,
      DOWNSTREAM_MAX_BODY_BYTES: String(CAP_BYTES),
      // Every refusal counts as a failure: the breaker must not open between tests.
      BREAKER_MIN_CALLS: '100000',
      RETRY_BUDGET_RATIO: '1',
    });
  });
  afterAll(async () => {
    await bff.close();
    await users.close();
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked', false],
  ])('an answer over DOWNSTREAM_MAX_BODY_BYTES (%s) is a bad answer', async (_, withLength) => {
    const answer = (size: number) => (response: ServerResponse) => {
      const body = userAnswer('u-4201', size);
      response.writeHead(
        200,
        withLength ? { ...JSON_TYPE, 'content-length': body.length } : JSON_TYPE,
      );
      if (withLength) response.end(body);
      else response.write(body.subarray(0, 1000), () => response.end(body.subarray(1000)));
    };
    users.answerWith(answer(CAP_BYTES));
    expect((await home('u-4201')).status).toBe(200);

    users.answerWith(answer(CAP_BYTES + 1));
    await expectRefused('u-4201');
  });

  it('a Content-Length over the cap is refused before the body is read', async () => {
    let hungUpEarly: Promise<boolean> | undefined;
    users.answerWith((response) => {
      hungUpEarly = hangUp(response);
      response.writeHead(200, { ...JSON_TYPE, 'content-length': 10 * CAP_BYTES });
      response.write(userAnswer('u-4202').subarray(0, 100)); // and nothing more, ever
    });
    await expectRefused('u-4202');
    expect(await hungUpEarly).toBe(true);
  });

  it.each([
    ['as it is', undefined],
    ['gzipped', 'gzip'],
  ] as const)('an endless body sent %s is cut off at the cap', async (_, encoding) => {
    let hungUpEarly: Promise<boolean> | undefined;
    users.answerWith((response) => {
      hungUpEarly = hangUp(response);
      response.writeHead(
        200,
        encoding ? { ...JSON_TYPE, 'content-encoding': encoding } : JSON_TYPE,
      );
      const body = endless(Buffer.alloc(16_384, 'x'));
      pipeline(encoding ? [body, createGzip(), response] : [body, response], () => undefined);
    });
    await expectRefused('u-4203');
    expect(await hungUpEarly).toBe(true);
  });

  describe('compressed answers', () => {
    const ENCODERS = {
      gzip: (body: Buffer) => gzipSync(body, { level: 9 }),
      br: (body: Buffer) =>
        brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
      deflate: (body: Buffer) => deflateSync(body, { level: 9 }),
    };
    const ENCODINGS = Object.keys(ENCODERS) as Array<keyof typeof ENCODERS>;
    /** Answers `bytes`, encoded ahead of the request: the service and the BFF share one thread. */
    const encoded =
      (encoding: keyof typeof ENCODERS, bytes: Buffer): Answer =>
      (response) => {
        const headers = { 'content-encoding': encoding, 'content-length': bytes.length };
        response.writeHead(200, { ...JSON_TYPE, ...headers }).end(bytes);
      };

    it.each(ENCODINGS)('a %s answer is decoded', async (encoding) => {
      users.answerWith(encoded(encoding, ENCODERS[encoding](userAnswer('u-4204', 2_000))));
      const response = await home('u-4204');
      expect(response.status).toBe(200);
      expect(response.body.user.displayName).toBe(buildUser(4204).displayName);
    });

    it.each(ENCODINGS)(
      'a %s bomb of a few KB inflating to 256 times the cap is refused',
      async (encoding) => {
        const bomb = ENCODERS[encoding](userAnswer('u-4205', 256 * CAP_BYTES));
        expect(bomb.length).toBeLessThan(20_000);
        users.answerWith(encoded(encoding, bomb));
        await expectRefused('u-4205');
      },
    );
  });
});

describe('downstream answers are untrusted input: their shape', () => {
  let bff: DoubleHarness;
  const home = async (user: string) => bff.client.home('ios', { token: await bff.token(user) });
  /** The users answer for `userId`, raw, with `extra` (JSON text) as one more field. */
  const userWith = (userId: string, extra: string) => () => ({
    status: 200,
    body: `${JSON.stringify(buildUser(userNumber(userId) ?? 0)).slice(0, -1)},"extra":${extra}}`,
  });
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  beforeAll(async () => {
    bff = await startBffOverDouble({ CACHE_CONFIG_TTL_MS: '0', BREAKER_MIN_CALLS: '100000' });
  });
  afterEach(() => {
    bff.double.override('users', '/users', null);
    bff.double.override('config', '/config', null);
  });
  afterAll(() => bff.close());

  it('an answer nested deeper than 64 levels is a bad answer, even in a field the BFF ignores', async () => {
    // The user object is the first level, `extra` the second: 62 more make 64. Brackets and an
    // escaped quote inside a string do not count.
    bff.double.override('users', '/users', userWith('u-4301', `["[{\\"]",${nested(62)}]`));
    expect((await home('u-4301')).status).toBe(200);

    bff.double.override('users', '/users', userWith('u-4301', `["]",${nested(63)}]`));
    const response = await home('u-4301');
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('USER_PROFILE_UNAVAILABLE');
  });

  it('a megabyte of "[[[[…" is a bad answer, and the BFF keeps serving', async () => {
    bff.double.override('users', '/users', userWith('u-4302', nested(500_000)));
    const response = await home('u-4302');
    expect(response.status).toBe(503);
    expect(response.text).not.toMatch(/stack|RangeError/i);

    bff.double.override('users', '/users', null);
    expect((await home('u-4302')).status).toBe(200);
  });

  it('__proto__ and constructor keys reach no object the BFF builds: the rest is served', async () => {
    const pollution = '{"polluted":true}';
    const hostileKeys = `"__proto__":${pollution},"constructor":{"prototype":${pollution}}`;
    // The same keys once parsed, spelled with escapes.
    const escapedKeys = `"\\u005f_proto__":${pollution},"\\u0063onstructor":{"prototype":${pollution}}`;
    bff.double.override('users', '/users', userWith('u-4303', `{${hostileKeys}}`));
    bff.double.override('config', '/config', () => ({
      status: 200,
      body: `{${hostileKeys},"minSupportedVersion":"1.0.0","latestVersion":"2.0.0","featureFlags":{${hostileKeys},${escapedKeys},"newCheckout":true}}`,
    }));

    const [screen, config] = [await home('u-4303'), await bff.client.config('ios')];
    expect(screen.status).toBe(200);
    expect(screen.body.user.displayName).toBe(buildUser(4303).displayName);
    expect(config.status).toBe(200);
    expect(config.body.featureFlags).toEqual({ newCheckout: true });
    for (const response of [screen, config]) {
      expect(response.text).not.toMatch(/__proto__|constructor|prototype|polluted/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("an error answer's body", () => {
  let bff: DoubleHarness;
  beforeAll(async () => {
    bff = await startBffOverDouble({
      DOWNSTREAM_MAX_BODY_BYTES: String(CAP_BYTES),
      RETRY_BUDGET_RATIO: '1',
    });
  });
  afterAll(() => bff.close());

  it('is not read: a 503 with a body over the cap stays a transient failure, retried', async () => {
    let calls = 0;
    bff.double.override('users', '/users', (request) => {
      calls += 1;
      if (calls > 1)
        return {
          status: 200,
          body: buildUser(userNumber(request.path.slice('/users/'.length)) ?? 0),
        };
      return { status: 503, body: 'x'.repeat(4 * CAP_BYTES) };
    });
    const response = await bff.client.home('ios', { token: await bff.token('u-4304') });
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
  });
});
