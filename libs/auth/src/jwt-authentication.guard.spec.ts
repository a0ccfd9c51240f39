import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CanActivate, Controller, ExecutionContext, Get, Injectable } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyReply } from 'fastify';
import { CryptoKey, exportJWK, exportSPKI, generateKeyPair, JWK, JWTPayload, SignJWT } from 'jose';
import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import { GlobalExceptionFilter } from '@app/errors';
import type { PinnedAlgorithm } from './algorithms';
import {
  AuthenticatedRequest,
  AuthenticatedUser,
  AuthModule,
  CurrentUser,
  JwksKeyStore,
  JwtAuthenticationGuard,
  Public,
  RequireAuthenticationGuard,
} from '.';

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'mobile-bff';
/** Anything that would betray jsonwebtoken, jwks-rsa or a stack trace in a 401 body. */
const LEAKY = /jwt|jwks|signature|stack|invalid|expired|algorithm|kid|malformed|at \w+ \(/i;

const base64url = (value: string): string => Buffer.from(value).toString('base64url');
const nowSec = (): number => Math.floor(Date.now() / 1000);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface IdpKey {
  readonly kid: string;
  readonly alg: PinnedAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly jwk: JWK;
}

interface MintOptions {
  readonly alg?: PinnedAlgorithm;
  /** Signs with this key (e.g. a foreign one) instead of the IdP's current key for alg. */
  readonly key?: IdpKey;
  readonly kid?: string;
  readonly claims?: JWTPayload;
  readonly omit?: readonly string[];
}

/** A minimal identity provider: a JWKS endpoint on 127.0.0.1 that counts its fetches. */
class FakeIdp {
  fetches = 0;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private readonly published: IdpKey[] = [];
  private held: Array<() => void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly jwksUri: string,
  ) {}

  static async start(): Promise<FakeIdp> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const idp = new FakeIdp(server, `http://127.0.0.1:${port}/.well-known/jwks.json`);
    server.on('request', (request, response) => idp.answer(request.url, response));
    await idp.publish('RS256');
    await idp.publish('ES256');
    return idp;
  }

  static async keyPair(alg: PinnedAlgorithm, kid = randomUUID()): Promise<IdpKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    return { kid, alg, privateKey, publicKey, jwk };
  }

  /** Adds a key to the JWKS, as an IdP does when it rotates; it becomes the key `mint` uses. */
  async publish(alg: PinnedAlgorithm): Promise<IdpKey> {
    const key = await FakeIdp.keyPair(alg);
    this.published.unshift(key);
    return key;
  }

  current(alg: PinnedAlgorithm): IdpKey {
    const key = this.published.find((candidate) => candidate.alg === alg);
    if (!key) throw new Error(`no ${alg} key published`);
    return key;
  }

  async mint(options: MintOptions = {}): Promise<string> {
    const key = options.key ?? this.current(options.alg ?? 'RS256');
    const now = nowSec();
    const payload: JWTPayload = { iss: ISSUER, aud: AUDIENCE, sub: 'u-1001', iat: now };
    Object.assign(payload, { exp: now + 600 }, options.claims);
    for (const claim of options.omit ?? []) delete payload[claim];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  /** Holds JWKS answers back until the returned function is called (a slow IdP). */
  hold(): () => void {
    const held: Array<() => void> = [];
    this.held = held;
    return () => {
      this.held = undefined;
      held.splice(0).forEach((answer) => answer());
    };
  }

  /** Waits out whatever is left of `cooldownMs` since the last fetch (real time, no more). */
  async waitOutCooldown(cooldownMs: number): Promise<void> {
    await sleep(Math.max(0, this.lastFetchAt + cooldownMs - performance.now()) + 20);
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections(); // jwks-rsa's keep-alive sockets would hold close() open
    await closed;
  }

  private answer(url: string | undefined, response: ServerResponse): void {
    if (url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    this.fetches += 1;
    this.lastFetchAt = performance.now();
    const body = JSON.stringify({ keys: this.published.map((key) => key.jwk) });
    const answer = () => response.setHeader('content-type', 'application/json').end(body);
    if (this.held) this.held.push(answer);
    else answer();
  }
}

/** Resolves once the key store has been asked for keys `count` times (calls pass through). */
function keyLookupsReach(keyStore: JwksKeyStore, count: number): Promise<void> {
  const original = keyStore.getPublicKey.bind(keyStore);
  let calls = 0;
  return new Promise((resolve) => {
    jest.spyOn(keyStore, 'getPublicKey').mockImplementation((kid, algorithm) => {
      calls += 1;
      if (calls === count) resolve();
      return original(kid, algorithm);
    });
  });
}

@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): object {
    return {
      userId: user.userId,
      sub: user.claims.sub,
    };
  }

  @Public()
  @Get('open')
  open(@CurrentUser() user: AuthenticatedUser | undefined): object {
    return { userId: user?.userId ?? null };
  }
}

@Public()
@Controller('public-class')
class PublicController {
  @Get()
  open(): object {
    return { ok: true };
  }
}

/**
 * Stands in for the rate limiter between the two authentication guards: it must see every
 * request (bad-token ones included) and who the caller is, which it echoes in `x-caller`.
 */
@Injectable()
class CallerProbeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const user = http.getRequest<AuthenticatedRequest>().user;
    void http.getResponse<FastifyReply>().header('x-caller', user?.userId ?? 'anonymous');
    return true;
  }
}

interface CallResult {
  status: number;
  body: string;
  /** Who the guard between the two authentication steps saw (null: it did not run). */
  caller: string | null;
}

interface TestApp {
  readonly keyStore: JwksKeyStore;
  call(path: string, authorization?: string): Promise<CallResult>;
  get(token: string): Promise<number>;
  close(): Promise<void>;
}

function testConfig(jwksUri: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    AUTH_JWKS_URI: jwksUri,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS_COOLDOWN_MS: '60000',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** The auth module in a small real Fastify app on a loopback port, called with fetch. */
async function startApp(config: AppConfig): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), AuthModule],
    controllers: [ProbeController, PublicController],
    providers: [
      { provide: APP_GUARD, useClass: JwtAuthenticationGuard },
      { provide: APP_GUARD, useClass: CallerProbeGuard },
      { provide: APP_GUARD, useClass: RequireAuthenticationGuard },
      { provide: APP_FILTER, useClass: GlobalExceptionFilter },
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const call = async (path: string, authorization?: string) => {
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    const caller = response.headers.get('x-caller');
    return { status: response.status, body: await response.text(), caller };
  };
  return {
    keyStore: app.get(JwksKeyStore),
    call,
    get: async (token) => (await call('/me', `Bearer ${token}`)).status,
    close: () => app.close(),
  };
}

async function expectUnauthenticated(app: TestApp, authorization?: string): Promise<void> {
  const { status, body, caller } = await app.call('/me', authorization);
  expect(status).toBe(401);
  // The authenticate step let it through, anonymous; only the require step answered 401.
  expect(caller).toBe('anonymous');
  expect(JSON.parse(body)).toEqual({
    error: {
      code: 'UNAUTHENTICATED',
      message: 'Authentication is required.',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      retryable: false,
    },
  });
  expect(body).not.toMatch(LEAKY);
}

/** A well-formed token whose header carries the given fields, signed with HMAC or not at all. */
function handmade(header: object, payload: object, secret?: string): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = secret ? createHmac('sha256', secret).update(input).digest('base64url') : '';
  return `${input}.${signature}`;
}

describe(JwtAuthenticationGuard.name, () => {
  describe('verification', () => {
    let idp: FakeIdp;
    let app: TestApp;
    let foreignKey: IdpKey;

    beforeAll(async () => {
      idp = await FakeIdp.start();
      app = await startApp(testConfig(idp.jwksUri, { AUTH_CLOCK_TOLERANCE_SEC: '5' }));
      foreignKey = await FakeIdp.keyPair('RS256');
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
    });

    it.each(['RS256', 'ES256'] as const)('accepts a valid %s token', async (alg) => {
      const token = await idp.mint({ alg, claims: { sub: `u-${alg}` } });
      const response = await app.call('/me', `Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(response.caller).toBe(`u-${alg}`); // known to the guards after the authenticate step
      expect(JSON.parse(response.body)).toEqual({ userId: `u-${alg}`, sub: `u-${alg}` });
    });

    it('accepts the scheme case-insensitively', async () => {
      expect((await app.call('/me', `bearer ${await idp.mint()}`)).status).toBe(200);
    });

    it('accepts a token that expired 3 s ago (within the 5 s leeway)', async () => {
      expect(await app.get(await idp.mint({ claims: { exp: nowSec() - 3 } }))).toBe(200);
    });

    it('accepts a token whose nbf is 3 s ahead (within the leeway)', async () => {
      expect(await app.get(await idp.mint({ claims: { nbf: nowSec() + 3 } }))).toBe(200);
    });

    const rsaClaims = (): JWTPayload => ({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'u-1001',
      iat: nowSec(),
      exp: nowSec() + 600,
    });
    const badTokens: ReadonlyArray<readonly [string, () => Promise<string> | string]> = [
      ['expired 10 s ago (beyond the leeway)', () => idp.mint({ claims: { exp: nowSec() - 10 } })],
      ['with nbf 60 s in the future', () => idp.mint({ claims: { nbf: nowSec() + 60 } })],
      ['from another issuer', () => idp.mint({ claims: { iss: 'https://evil.test/' } })],
      ['for another audience', () => idp.mint({ claims: { aud: 'someone-else' } })],
      ['without sub', () => idp.mint({ omit: ['sub'] })],
      ['with an empty sub', () => idp.mint({ claims: { sub: '' } })],
      ['with a numeric sub', () => idp.mint({ claims: { sub: 42 as unknown as string } })],
      ['without exp', () => idp.mint({ omit: ['exp'] })],
      ['with an unknown kid', () => idp.mint({ kid: 'no-such-key' })],
      ['without a kid', () => handmade({ alg: 'RS256' }, rsaClaims(), 'x')],
      ['signed by a foreign key', () => idp.mint({ key: foreignKey })],
      [
        'signed by a foreign key reusing a known kid',
        () => idp.mint({ key: foreignKey, kid: idp.current('RS256').kid }),
      ],
      ['with alg:none', () => handmade({ alg: 'none', typ: 'JWT' }, rsaClaims())],
      [
        'with alg:none and a known kid',
        () => `${handmade({ alg: 'none', kid: idp.current('RS256').kid }, rsaClaims())}sig`,
      ],
      [
        'HS256-signed with the RSA public key PEM as the secret',
        async () => {
          const { kid, publicKey } = idp.current('RS256');
          const pem = await exportSPKI(publicKey);
          return handmade({ alg: 'HS256', typ: 'JWT', kid }, rsaClaims(), pem);
        },
      ],
      [
        'claiming ES256 with the kid of the RSA key',
        () => idp.mint({ alg: 'ES256', kid: idp.current('RS256').kid }),
      ],
      [
        'with a tampered payload',
        async () => {
          const [header, , signature] = (await idp.mint()).split('.');
          const forged = base64url(JSON.stringify({ ...rsaClaims(), sub: 'u-admin' }));
          return `${header}.${forged}.${signature}`;
        },
      ],
      ['that is not a JWT', () => 'not-a-jwt'],
      ['made of three garbage segments', () => 'a.b.c'],
      ['with an unparsable header', () => 'eyJhbGciOiJSUzI1NiJ9x.e30.c2ln'],
    ];

    it.each(badTokens)('answers 401 to a token %s', async (_, token) => {
      await expectUnauthenticated(app, `Bearer ${await token()}`);
    });

    it.each([
      ['no Authorization header', undefined],
      ['an empty header', ''],
      ['a bare scheme', 'Bearer'],
      ['a scheme and a blank', 'Bearer '],
      ['the Basic scheme', 'Basic dXNlcjpwYXNz'],
      ['a token without its scheme', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'],
      ['two tokens', 'Bearer a.b.c d.e.f'],
      ['non-base64url characters', 'Bearer eyJhbGciOiJSUzI1NiJ9.%%%.sig'],
      ['an oversized header', `Bearer ${'x'.repeat(10_000)}`],
    ])('answers 401 to %s', async (_, authorization) => {
      await expectUnauthenticated(app, authorization);
    });

    it('answers 401 with the valid token under another scheme', async () => {
      await expectUnauthenticated(app, `Token ${await idp.mint()}`);
    });

    it('serves @Public() routes without a token (handler and class level)', async () => {
      expect(await app.call('/open')).toEqual({
        status: 200,
        body: '{"userId":null}',
        caller: 'anonymous',
      });
      expect((await app.call('/public-class')).status).toBe(200);
    });

    it('identifies the caller on a @Public() route only when the token is valid', async () => {
      const valid = await idp.mint({ claims: { sub: 'u-7' } });
      expect(await app.call('/open', `Bearer ${valid}`)).toEqual({
        status: 200,
        body: '{"userId":"u-7"}',
        caller: 'u-7',
      });
      const expired = await idp.mint({ claims: { exp: nowSec() - 60 } });
      expect(await app.call('/open', `Bearer ${expired}`)).toEqual({
        status: 200,
        body: '{"userId":null}',
        caller: 'anonymous',
      });
    });
  });

  describe('JWKS fetching', () => {
    let idp: FakeIdp;
    let app: TestApp;

    beforeAll(async () => {
      idp = await FakeIdp.start();
      app = await startApp(testConfig(idp.jwksUri, { AUTH_JWKS_COOLDOWN_MS: '60000' }));
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
    });

    const randomKidTokens = async (count: number): Promise<string[]> => {
      const intruder = await FakeIdp.keyPair('RS256');
      return Promise.all(
        Array.from({ length: count }, () => idp.mint({ key: intruder, kid: randomUUID() })),
      );
    };

    it('fetches lazily, and concurrent callers share that one in-flight fetch', async () => {
      expect(idp.fetches).toBe(0);
      const unknown = await randomKidTokens(50);
      const valid = await Promise.all([idp.mint(), idp.mint({ alg: 'ES256' })]);
      const release = idp.hold();
      const allWaiting = keyLookupsReach(app.keyStore, 52);
      const statuses = Promise.all([...valid, ...unknown].map((token) => app.get(token)));
      await allWaiting; // every request is now waiting on the key store
      expect(idp.fetches).toBe(1);
      release();
      expect(await statuses).toEqual([200, 200, ...unknown.map(() => 401)]);
      expect(idp.fetches).toBe(1);
    });

    it('does not refetch within the cooldown, however many unknown kids arrive', async () => {
      const unknown = await randomKidTokens(50);
      const statuses = await Promise.all(unknown.map((token) => app.get(token)));
      expect(statuses).toEqual(unknown.map(() => 401));
      expect(idp.fetches).toBe(1);
      expect(await app.get(await idp.mint())).toBe(200);
    });
  });

  describe('JWKS refetch after the cooldown (key rotation)', () => {
    const cooldownMs = 200;
    let idp: FakeIdp;
    let app: TestApp;

    beforeAll(async () => {
      idp = await FakeIdp.start();
      app = await startApp(testConfig(idp.jwksUri, { AUTH_JWKS_COOLDOWN_MS: String(cooldownMs) }));
      await app.keyStore.warmUp();
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
    });

    it('picks up a rotated-in key with one refetch once the cooldown is over', async () => {
      expect(idp.fetches).toBe(1); // the warm-up
      const rotated = await idp.publish('ES256');
      const token = await idp.mint({ key: rotated, claims: { sub: 'u-rotated' } });
      await idp.waitOutCooldown(cooldownMs);
      expect(await app.get(token)).toBe(200);
      expect(idp.fetches).toBe(2);
      expect(app.keyStore.knownKeyIds).toContain(rotated.kid);
      expect(await app.get(await idp.mint({ alg: 'RS256' }))).toBe(200); // old keys still there
    });

    it('refetches again for another unknown kid after the next cooldown', async () => {
      const before = idp.fetches;
      await idp.waitOutCooldown(cooldownMs);
      expect(await app.get(await idp.mint({ kid: 'never-published' }))).toBe(401);
      expect(idp.fetches).toBe(before + 1);
    });
  });

  describe('when the IdP goes down', () => {
    let idp: FakeIdp;
    let app: TestApp;

    beforeAll(async () => {
      idp = await FakeIdp.start();
      // No cooldown, so unknown kids really do hit the dead IdP.
      app = await startApp(testConfig(idp.jwksUri, { AUTH_JWKS_COOLDOWN_MS: '0' }));
      await app.keyStore.warmUp();
      await idp.close();
    });
    afterAll(async () => {
      await app?.close();
    });

    it('keeps verifying fresh tokens with the keys it already knows', async () => {
      expect(idp.fetches).toBe(1);
      expect(await app.get(await idp.mint({ claims: { sub: 'u-a' } }))).toBe(200);
      expect(await app.get(await idp.mint({ alg: 'ES256', claims: { sub: 'u-b' } }))).toBe(200);
    });

    it('keeps the known keys after failed refetches for unknown kids', async () => {
      await expectUnauthenticated(app, `Bearer ${await idp.mint({ kid: 'rotated-away' })}`);
      await expect(app.keyStore.warmUp()).resolves.toBeUndefined();
      expect(app.keyStore.knownKeyIds).toHaveLength(2);
      expect(await app.get(await idp.mint({ claims: { sub: 'u-c' } }))).toBe(200);
    });
  });

  describe('when the IdP is down from the start', () => {
    it('starts anyway and answers 401 until it has keys', async () => {
      const idp = await FakeIdp.start();
      await idp.close();
      const app = await startApp(testConfig(idp.jwksUri));
      try {
        await expect(app.keyStore.warmUp()).resolves.toBeUndefined();
        await expectUnauthenticated(app, `Bearer ${await idp.mint()}`);
        expect((await app.call('/open')).status).toBe(200);
      } finally {
        await app.close();
      }
    });
  });

  describe('verified-token cache', () => {
    let idp: FakeIdp;

    beforeAll(async () => {
      idp = await FakeIdp.start();
    });
    afterAll(async () => {
      await idp?.close();
    });

    it('skips signature verification for a token it has verified before', async () => {
      const app = await startApp(testConfig(idp.jwksUri));
      try {
        const lookups = jest.spyOn(app.keyStore, 'getPublicKey');
        const token = await idp.mint({ claims: { sub: 'u-cached' } });
        expect(await app.get(token)).toBe(200);
        expect(lookups).toHaveBeenCalledTimes(1);
        const again = await app.call('/me', `Bearer ${token}`);
        expect(again.status).toBe(200);
        expect(JSON.parse(again.body)).toMatchObject({ userId: 'u-cached' });
        expect(lookups).toHaveBeenCalledTimes(1);
        expect(await app.get(await idp.mint({ claims: { sub: 'u-other' } }))).toBe(200);
        expect(lookups).toHaveBeenCalledTimes(2);
      } finally {
        await app.close();
      }
    });

    it('does not cache tokens that failed', async () => {
      const app = await startApp(testConfig(idp.jwksUri));
      try {
        const lookups = jest.spyOn(app.keyStore, 'getPublicKey');
        const forged = await idp.mint({
          key: await FakeIdp.keyPair('RS256'),
          kid: idp.current('RS256').kid,
        });
        expect(await app.get(forged)).toBe(401);
        expect(await app.get(forged)).toBe(401);
        expect(lookups).toHaveBeenCalledTimes(2);
      } finally {
        await app.close();
      }
    });

    it('verifies every time when its size is 0', async () => {
      const app = await startApp(testConfig(idp.jwksUri, { AUTH_TOKEN_CACHE_SIZE: '0' }));
      try {
        const lookups = jest.spyOn(app.keyStore, 'getPublicKey');
        const token = await idp.mint();
        expect([await app.get(token), await app.get(token)]).toEqual([200, 200]);
        expect(lookups).toHaveBeenCalledTimes(2);
      } finally {
        await app.close();
      }
    });
  });
});
