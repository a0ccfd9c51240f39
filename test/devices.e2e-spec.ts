import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import type { DoubleRequest } from '../apps/bench/src/downstream-double';
import type { BffClient } from './support/bff-client';
import { startBff } from './support/bff-harness';
import { startBffOverDouble } from './support/double-harness';
import type { Platform } from './support/routes';

/** Retries of the idempotent device calls are counted exactly: no breaker, a budget for each. */
const ENV = { BREAKER_MIN_CALLS: '100000', RETRY_BUDGET_RATIO: '1' };

const APP = { appVersion: '5.1.3', locale: 'en-GB' };

/** A BFF over one implementation of notifications-service, and what that service was asked. */
interface Bench {
  client: BffClient;
  token(userId: string): Promise<string>;
  /** Requests notifications-service received since the start. */
  deviceCalls(): number;
  /** notifications-service answers every device call with `status` until healed. */
  failDevices(status: number): void;
  heal(): void;
  close(): Promise<void>;
}

const BACKENDS: ReadonlyArray<{ name: string; start(): Promise<Bench> }> = [
  {
    name: 'the demo services',
    start: async () => {
      const bff = await startBff(ENV);
      return {
        client: bff.client,
        token: (userId) => bff.token(userId),
        deviceCalls: () => bff.backends.calls('notifications').length,
        failDevices: (status) =>
          bff.backends.setFault('notifications', { kind: 'status', status }, { path: '/devices' }),
        heal: () => bff.backends.clearFaults(),
        close: () => bff.close(),
      };
    },
  },
  {
    name: 'the downstream double',
    start: async () => {
      const bff = await startBffOverDouble(ENV);
      return {
        client: bff.client,
        token: (userId) => bff.token(userId),
        deviceCalls: () => bff.double.calls('notifications'),
        failDevices: (status) =>
          bff.double.override('notifications', '/devices/', () => ({ status, body: {} })),
        heal: () => bff.double.override('notifications', '/devices/', null),
        close: () => bff.close(),
      };
    },
  },
];

let seeds = 0;
/** A token no test has used yet: 64 hex characters (APNs). */
const apnsToken = (): string => createHash('sha256').update(`apns-${++seeds}`).digest('hex');
/** A token no test has used yet, shaped like an FCM registration token (136 characters). */
const fcmToken = (): string => {
  const seed = `fcm-${++seeds}`;
  const part = (algorithm: string) => createHash(algorithm).update(seed).digest('base64url');
  return `${part('sha256')}:APA91b${part('sha512')}`;
};

/** Each platform's token, and tokens it must refuse with the reason. */
const PLATFORMS: ReadonlyArray<{
  platform: Platform;
  newToken(): string;
  invalid: ReadonlyArray<[string, () => string]>;
}> = [
  {
    platform: 'ios',
    newToken: apnsToken,
    invalid: [
      ['63 hex characters', () => apnsToken().slice(1)],
      ['65 hex characters', () => `${apnsToken()}a`],
      ['a non-hex character', () => `${apnsToken().slice(1)}g`],
      ['an FCM token', fcmToken],
    ],
  },
  {
    platform: 'android',
    newToken: fcmToken,
    invalid: [
      ['99 characters', () => fcmToken().slice(0, 99)],
      ['4097 characters', () => fcmToken().padEnd(4097, 'x')],
      ['an illegal character (+)', () => `${fcmToken()}+`],
      ['an illegal character (.)', () => `${fcmToken().slice(1)}.`],
      ['an APNs token', apnsToken],
    ],
  },
];

/** The contract's error envelope with this code; `details` only on validation failures. */
function expectError(response: Response, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({
    error: {
      code,
      message: expect.any(String),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      retryable: status >= 500,
      ...(code === 'VALIDATION_FAILED' &&
        response.body.error?.details && { details: expect.any(Array) }),
    },
  });
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['x-ratelimit-limit']).toBeDefined();
}

function expectDetails(response: Response, fields: string[]): void {
  expectError(response, 400, 'VALIDATION_FAILED');
  const details = response.body.error.details as Array<{ field: string; issue: string }>;
  expect(details.map((detail) => detail.field).sort()).toEqual([...fields].sort());
  for (const detail of details) expect(detail.issue).toEqual(expect.any(String));
}

describe.each(BACKENDS)('PUT and DELETE /{platform}/v1/devices over $name', ({ start }) => {
  let bench: Bench;
  let users = 0;
  /** A signed-in user no test has used yet. */
  const newUser = async () => {
    const userId = `u-${7000 + ++users}`;
    return { userId, token: await bench.token(userId) };
  };

  beforeAll(async () => {
    bench = await start();
  });
  afterEach(() => bench.heal());
  afterAll(() => bench.close());

  describe.each(PLATFORMS)('$platform', ({ platform, newToken, invalid }) => {
    const put = (pushToken: string, token: string, headers: Record<string, string> = {}) =>
      bench.client.putDevice(platform, pushToken, { token, body: APP, headers });
    const remove = (pushToken: string, token: string, headers: Record<string, string> = {}) =>
      bench.client.deleteDevice(platform, pushToken, { token, headers });

    it('registers a token (201), then updates it (200), with an empty object, not cached', async () => {
      const { token } = await newUser();
      const pushToken = newToken();
      const created = await put(pushToken, token);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({});
      expect(created.headers['content-type']).toContain('application/json');
      expect(created.headers['cache-control']).toBe('no-store');
      expect(created.headers['x-ratelimit-remaining']).toBeDefined();
      const updated = await put(pushToken, token);
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual({});
    });

    it('removes a token (204), then says 404 NOT_FOUND', async () => {
      const { token } = await newUser();
      const pushToken = newToken();
      expect((await put(pushToken, token)).status).toBe(201);
      const removed = await remove(pushToken, token);
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      expect(removed.headers['cache-control']).toBe('no-store');
      expectError(await remove(pushToken, token), 404, 'NOT_FOUND');
      expect((await put(pushToken, token)).status).toBe(201);
    });

    it.each(invalid)('refuses a token of %s with 400 on pushToken', async (_, badToken) => {
      const { token } = await newUser();
      const calls = bench.deviceCalls();
      const pushToken = badToken();
      expectDetails(await put(pushToken, token), ['pushToken']);
      expectDetails(await remove(pushToken, token), ['pushToken']);
      expect(bench.deviceCalls()).toBe(calls);
    });

    it('takes the longest token the format allows', async () => {
      const { token } = await newUser();
      const longest = platform === 'ios' ? newToken().toUpperCase() : newToken().padEnd(4096, '-');
      expect((await put(longest, token)).status).toBe(201);
      expect((await remove(longest, token)).status).toBe(204);
    });

    it.each<[string, object | string, string[]]>([
      ['an unknown field', { ...APP, userId: 'u-1' }, ['userId']],
      ['a version that is not semver', { ...APP, appVersion: '5.1' }, ['appVersion']],
      ['a number as the version', { ...APP, appVersion: 5 }, ['appVersion']],
      ['a locale that is not BCP 47', { ...APP, locale: 'en_GB' }, ['locale']],
      ['an empty locale', { ...APP, locale: '' }, ['locale']],
      ['no fields', {}, ['appVersion', 'locale']],
    ])('refuses a body with %s: 400 with details', async (_, body, fields) => {
      const { token } = await newUser();
      const calls = bench.deviceCalls();
      expectDetails(await bench.client.putDevice(platform, newToken(), { token, body }), fields);
      expect(bench.deviceCalls()).toBe(calls);
    });

    // Refused after the guards: counted, with X-RateLimit-* like every other answer.
    it.each([
      {
        what: 'malformed JSON',
        type: 'application/json',
        body: '{"appVersion":',
        status: 400,
      },
      { what: 'a JSON array', type: 'application/json', body: '[]', status: 400 },
      {
        what: 'plain text',
        type: 'text/plain',
        body: 'appVersion=5.1.3',
        status: 415,
      },
      { what: 'XML', type: 'application/xml', body: '<app/>', status: 415 },
    ])('answers a body of $what with $status in the envelope', async ({ type, body, status }) => {
      const { token } = await newUser();
      const calls = bench.deviceCalls();
      const response = await bench.client
        .putDevice(platform, newToken(), { token })
        .set('Content-Type', type)
        .send(body);
      const code = status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
      expectError(response, status, code);
      expect(bench.deviceCalls()).toBe(calls);
    });

    it('needs a signed-in user', async () => {
      const anonymous = bench.client.putDevice(platform, newToken(), { body: APP });
      expectError(await anonymous, 401, 'UNAUTHENTICATED');
      // Who is calling comes first, whatever the body.
      const garbled = bench.client.putDevice(platform, newToken(), { body: '{"appVersion":' });
      expectError(await garbled, 401, 'UNAUTHENTICATED');
      expectError(await bench.client.deleteDevice(platform, newToken()), 401, 'UNAUTHENTICATED');
    });

    it("never removes another user's token: 404, and the owner still has it (20 users)", async () => {
      const owners = await Promise.all(Array.from({ length: 20 }, newUser));
      const tokens = owners.map(() => newToken());
      await Promise.all(
        owners.map(async (owner, i) => {
          const other = owners[(i + 1) % owners.length];
          expect((await put(tokens[i], owner.token)).status).toBe(201);
          expectError(await remove(tokens[i], other.token), 404, 'NOT_FOUND');
          expect((await put(tokens[i], owner.token)).status).toBe(200);
          expect((await remove(tokens[i], owner.token)).status).toBe(204);
        }),
      );
    });

    it('lets concurrent duplicates without Idempotency-Key both through: 201 and 200', async () => {
      const { token } = await newUser();
      const pushToken = newToken();
      const calls = bench.deviceCalls();
      const answers = await Promise.all([put(pushToken, token), put(pushToken, token)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
      expect(bench.deviceCalls() - calls).toBe(2);
    });

    it('answers concurrent duplicates with one Idempotency-Key from ONE call', async () => {
      const { token } = await newUser();
      const pushToken = newToken();
      const key = { 'Idempotency-Key': `key-${platform}-${seeds}` };
      const calls = bench.deviceCalls();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => put(pushToken, token, key)),
      );
      expect(bench.deviceCalls() - calls).toBe(1);
      for (const answer of answers) {
        expect(answer.status).toBe(201);
        expect(answer.body).toEqual({});
      }
      // Later retries with the key still get the first answer; without it, the state as it is.
      expect((await put(pushToken, token, key)).status).toBe(201);
      expect(bench.deviceCalls() - calls).toBe(1);
      expect((await put(pushToken, token)).status).toBe(200);
    });

    it('replays a removal with its Idempotency-Key: 204 again, not 404', async () => {
      const { token } = await newUser();
      const pushToken = newToken();
      const key = { 'Idempotency-Key': `removal ${pushToken.slice(0, 8)}` };
      await put(pushToken, token);
      expect((await remove(pushToken, token, key)).status).toBe(204);
      const calls = bench.deviceCalls();
      expect((await remove(pushToken, token, key)).status).toBe(204);
      expect(bench.deviceCalls()).toBe(calls);
      expectError(await remove(pushToken, token), 404, 'NOT_FOUND');
    });

    it('refuses a key reused for another request (400 on Idempotency-Key), per user', async () => {
      const [first, second] = [await newUser(), await newUser()];
      const key = { 'Idempotency-Key': `shared-${platform}-${seeds}` };
      const pushToken = newToken();
      expect((await put(pushToken, first.token, key)).status).toBe(201);
      const calls = bench.deviceCalls();
      expectDetails(await put(newToken(), first.token, key), ['Idempotency-Key']);
      const otherApp = { ...APP, appVersion: '5.2.0' };
      const reused = await bench.client.putDevice(platform, pushToken, {
        token: first.token,
        body: otherApp,
        headers: key,
      });
      expectDetails(reused, ['Idempotency-Key']);
      expectDetails(await remove(pushToken, first.token, key), ['Idempotency-Key']);
      expect(bench.deviceCalls()).toBe(calls);
      // Keys belong to a user: another user's same key is a request of its own.
      expect((await put(newToken(), second.token, key)).status).toBe(201);
    });

    it.each([
      ['empty', ''],
      ['longer than 255 characters', 'k'.repeat(256)],
      ['not ASCII', 'clé'],
    ])('refuses an Idempotency-Key that is %s', async (_, value) => {
      const { token } = await newUser();
      expectDetails(await put(newToken(), token, { 'Idempotency-Key': value }), [
        'Idempotency-Key',
      ]);
    });

    it('answers 503 UPSTREAM_UNAVAILABLE when notifications-service fails, after one retry', async () => {
      const { token } = await newUser();
      const pushToken = newToken();
      await put(pushToken, token);
      bench.failDevices(503);
      for (const call of [() => put(pushToken, token), () => remove(pushToken, token)]) {
        const calls = bench.deviceCalls();
        expectError(await call(), 503, 'UPSTREAM_UNAVAILABLE');
        // Both calls are idempotent by the contract: one retry (RETRY_MAX_ATTEMPTS 2).
        expect(bench.deviceCalls() - calls).toBe(2);
      }
      bench.heal();
      expect((await put(pushToken, token)).status).toBe(200);
    });

    it('does not keep a failed answer for its Idempotency-Key: a retry registers', async () => {
      const { token } = await newUser();
      const key = { 'Idempotency-Key': `retry-${platform}-${seeds}` };
      const pushToken = newToken();
      bench.failDevices(500);
      expectError(await put(pushToken, token, key), 503, 'UPSTREAM_UNAVAILABLE');
      bench.heal();
      expect((await put(pushToken, token, key)).status).toBe(201);
    });
  });
});

describe('device registration over an untrusted notifications-service', () => {
  let bff: Awaited<ReturnType<typeof startBffOverDouble>>;
  const seen: DoubleRequest[] = [];

  beforeAll(async () => {
    bff = await startBffOverDouble(ENV);
  });
  afterEach(() => {
    bff.double.override('notifications', '/devices/', null);
    seen.length = 0;
  });
  afterAll(() => bff.close());

  /** notifications-service answers device calls with `answer`, recording what it was sent. */
  const answer = (status: number, body?: unknown) =>
    bff.double.override('notifications', '/devices/', (request) => {
      seen.push(request);
      return { status, body };
    });

  it.each([
    { platform: 'ios', pushToken: apnsToken(), service: 'apns' },
    { platform: 'android', pushToken: fcmToken(), service: 'fcm' },
  ] as const)(
    '$platform: sends the user, the push service and the app; passes nothing back',
    async ({ platform, pushToken, service }) => {
      answer(201, { pushToken, userId: 'u-1', internal: { shard: 'eu-3' } });
      const token = await bff.token('u-7801');
      const body = { appVersion: '5.1.3-beta.2+build.7', locale: 'de-DE-u-co-phonebk' };
      const response = await bff.client.putDevice(platform, pushToken, { token, body });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({});
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        method: 'PUT',
        path: `/devices/${encodeURIComponent(pushToken)}`,
        body: { userId: 'u-7801', platform: service, ...body },
      });
      expect(seen[0].headers['x-user-id']).toBe('u-7801');

      answer(204);
      expect((await bff.client.deleteDevice(platform, pushToken, { token })).status).toBe(204);
      expect(seen[1]).toMatchObject({ method: 'DELETE', query: { userId: 'u-7801' } });
    },
  );

  it.each([
    { platform: 'ios', other: 'android' },
    { platform: 'android', other: 'ios' },
  ] as const)(
    'documents PUT and DELETE in the $platform document only',
    async ({ platform, other }) => {
      const { body } = await bff.client.apiDocument(platform);
      const operations = body.paths[`/${platform}/v1/devices/{pushToken}`];
      expect(Object.keys(operations).sort()).toEqual(['delete', 'put']);
      expect(Object.keys(operations.put.responses).sort()).toEqual(
        ['200', '201', '400', '401', '413', '415', '429', '503', '504'].sort(),
      );
      expect(Object.keys(operations.delete.responses).sort()).toEqual(
        ['204', '400', '401', '404', '413', '415', '429', '503', '504'].sort(),
      );
      expect(JSON.stringify(operations)).toContain('Idempotency-Key');
      expect(operations.put.requestBody).toBeDefined();
      expect(body.paths[`/${other}/v1/devices/{pushToken}`]).toBeUndefined();
    },
  );

  it.each([
    ['202 instead of 200/201', 202],
    ['a 400', 400],
  ])('answers 503 when a registration gets %s', async (_, status) => {
    answer(status, { error: 'internal detail at http://notifications.internal' });
    const token = await bff.token('u-7802');
    const response = await bff.client.putDevice('ios', apnsToken(), { token, body: APP });
    expectError(response, 503, 'UPSTREAM_UNAVAILABLE');
    expect(JSON.stringify(response.body)).not.toContain('internal');
    expect(seen).toHaveLength(1);
  });

  it('answers 504 UPSTREAM_TIMEOUT when notifications-service does not answer in time', async () => {
    bff.double.override('notifications', '/devices/', () => new Promise(() => undefined));
    const token = await bff.token('u-7803');
    const response = await bff.client.deleteDevice('android', fcmToken(), { token });
    expectError(response, 504, 'UPSTREAM_TIMEOUT');
  });
});
