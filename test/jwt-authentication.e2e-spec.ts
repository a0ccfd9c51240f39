import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CanActivate, Controller, ExecutionContext, Get, Injectable } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyReply } from 'fastify';
import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import { GlobalExceptionFilter } from '@app/errors';
import {
  AuthenticatedRequest,
  AuthenticatedUser,
  AuthModule,
  CurrentUser,
  JwksKeyStore,
  JwtAuthenticationGuard,
  Public,
  RequireAuthenticationGuard,
  TokenOptional,
} from '@app/auth';
import {
  createSigningKey,
  RunningIdentityProvider,
  SigningKey,
  startIdentityProvider,
} from '../apps/demo-backends/src/identity-provider';
import { base64url, handmadeToken, hmacSha256 } from './support/handmade-token';
import { rawRequest } from './support/raw-http';

// The auth lib's guards in a small Nest app of their own, against the demo identity provider (a
// real JWKS over loopback, real signatures). It sits in test/, not next to the guard, because the
// IdP is the demo app's code and a lib may not import an app (ESLint no-restricted-imports,
// dependency-cruiser libs-not-apps).

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'mobile-bff';
/** Anything that would betray jsonwebtoken, jwks-rsa or a stack trace in a 401 body. */
const LEAKY = /jwt|jwks|signature|stack|invalid|expired|algorithm|kid|malformed|at \w+ \(/i;

const nowSec = (): number => Math.floor(Date.now() / 1000);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo IdP on a free loopback port, with this spec's issuer and audience. */
const startIdp = (): Promise<RunningIdentityProvider> =>
  startIdentityProvider({ host: '127.0.0.1', port: 0, issuer: ISSUER, audience: AUDIENCE });

/** Waits out whatever is left of `cooldownMs` since the IdP's last JWKS fetch (real time). */
async function waitOutCooldown(idp: RunningIdentityProvider, cooldownMs: number): Promise<void> {
  await sleep(Math.max(0, cooldownMs - idp.msSinceLastJwksFetch()) + 20);
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

  @TokenOptional()
  @Get('optional')
  optional(@CurrentUser() user: AuthenticatedUser | undefined): object {
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

/** The auth module in a small real Fastify app on a loopback port, called over raw HTTP. */
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
    const response = await rawRequest(`http://127.0.0.1:${port}${path}`, { headers });
    const caller = response.headers['x-caller'];
    return {
      status: response.status,
      body: response.body,
      caller: caller === undefined ? null : String(caller),
    };
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

/** The signing keys could not be had: not the caller's fault, so no 401 (which logs users out). */
async function expectAuthUnavailable(
  app: TestApp,
  token: string,
  path: '/me' | '/optional' = '/me',
): Promise<void> {
  const { status, body } = await app.call(path, `Bearer ${token}`);
  expect(status).toBe(503);
  expect(JSON.parse(body)).toEqual({
    error: {
      code: 'AUTH_UNAVAILABLE',
      message: expect.any(String),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      retryable: true,
    },
  });
  expect(body).not.toMatch(LEAKY);
}

describe(JwtAuthenticationGuard.name, () => {
  describe('verification', () => {
    let idp: RunningIdentityProvider;
    let app: TestApp;
    let foreignKey: SigningKey;

    beforeAll(async () => {
      idp = await startIdp();
      app = await startApp(testConfig(idp.jwksUri, { AUTH_CLOCK_TOLERANCE_SEC: '5' }));
      foreignKey = await createSigningKey('RS256');
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
    });

    it.each(['RS256', 'ES256'] as const)('accepts a valid %s token', async (alg) => {
      const token = await idp.mint({ alg, sub: `u-${alg}` });
      const response = await app.call('/me', `Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(response.caller).toBe(`u-${alg}`); // known to the guards after the authenticate step
      expect(JSON.parse(response.body)).toEqual({ userId: `u-${alg}`, sub: `u-${alg}` });
    });

    it('accepts the scheme case-insensitively', async () => {
      expect((await app.call('/me', `bearer ${await idp.mint()}`)).status).toBe(200);
    });

    it('accepts a token that expired 3 s ago (within the 5 s leeway)', async () => {
      expect(await app.get(await idp.mint({ expiresInSec: -3 }))).toBe(200);
    });

    it('accepts a token whose nbf is 3 s ahead (within the leeway)', async () => {
      expect(await app.get(await idp.mint({ notBeforeSec: 3 }))).toBe(200);
    });

    const rsaClaims = () => ({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'u-1001',
      iat: nowSec(),
      exp: nowSec() + 600,
    });
    const badTokens: ReadonlyArray<readonly [string, () => Promise<string> | string]> = [
      ['expired 10 s ago (beyond the leeway)', () => idp.mint({ expiresInSec: -10 })],
      ['with nbf 60 s in the future', () => idp.mint({ notBeforeSec: 60 })],
      ['from another issuer', () => idp.mint({ issuer: 'https://evil.test/' })],
      ['for another audience', () => idp.mint({ audience: 'someone-else' })],
      ['without sub', () => idp.mint({ omit: ['sub'] })],
      ['with an empty sub', () => idp.mint({ sub: '' })],
      ['with a numeric sub', () => idp.mint({ extraClaims: { sub: 42 } })],
      ['with a sub that is a path climb', () => idp.mint({ sub: '..' })],
      ['with a sub holding a slash', () => idp.mint({ sub: 'u-1001/../u-1002' })],
      ['with a sub holding a line break', () => idp.mint({ sub: 'u-1001\r\nX-Admin: 1' })],
      ['with a sub longer than 128 characters', () => idp.mint({ sub: `u-${'1'.repeat(127)}` })],
      [
        'living longer than AUTH_MAX_TOKEN_LIFETIME_SEC (exp - iat)',
        () => idp.mint({ expiresInSec: 86_400 + 60 }),
      ],
      [
        'without iat, expiring further than AUTH_MAX_TOKEN_LIFETIME_SEC from now',
        () => idp.mint({ expiresInSec: 86_400 + 60, omit: ['iat'] }),
      ],
      ['without exp', () => idp.mint({ omit: ['exp'] })],
      ['with an unknown kid', () => idp.mint({ kid: 'no-such-key' })],
      ['without a kid', () => handmadeToken({ alg: 'RS256' }, rsaClaims(), hmacSha256('x'))],
      ['signed by a foreign key', () => idp.mint({ key: foreignKey })],
      [
        'signed by a foreign key reusing a known kid',
        () => idp.mint({ key: foreignKey, kid: idp.signingKey('RS256').kid }),
      ],
      ['with alg:none', () => handmadeToken({ alg: 'none', typ: 'JWT' }, rsaClaims())],
      [
        'with alg:none and a known kid',
        () => `${handmadeToken({ alg: 'none', kid: idp.signingKey('RS256').kid }, rsaClaims())}sig`,
      ],
      [
        'HS256-signed with the RSA public key PEM as the secret',
        () => {
          const { kid, publicPem } = idp.signingKey('RS256');
          return handmadeToken(
            { alg: 'HS256', typ: 'JWT', kid },
            rsaClaims(),
            hmacSha256(publicPem),
          );
        },
      ],
      [
        'claiming ES256 with the kid of the RSA key',
        () => idp.mint({ alg: 'ES256', kid: idp.signingKey('RS256').kid }),
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

    it('accepts a lifetime of exactly AUTH_MAX_TOKEN_LIFETIME_SEC, and a sub of 128 characters', async () => {
      expect(await app.get(await idp.mint({ expiresInSec: 86_400 }))).toBe(200);
      expect(await app.get(await idp.mint({ sub: `u-${'1'.repeat(126)}` }))).toBe(200);
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
      const valid = await idp.mint({ sub: 'u-7' });
      expect(await app.call('/open', `Bearer ${valid}`)).toEqual({
        status: 200,
        body: '{"userId":"u-7"}',
        caller: 'u-7',
      });
      const expired = await idp.mint({ expiresInSec: -60 });
      expect(await app.call('/open', `Bearer ${expired}`)).toEqual({
        status: 200,
        body: '{"userId":null}',
        caller: 'anonymous',
      });
    });
  });

  describe('JWKS fetching', () => {
    let idp: RunningIdentityProvider;
    let app: TestApp;

    beforeAll(async () => {
      idp = await startIdp();
      app = await startApp(testConfig(idp.jwksUri, { AUTH_JWKS_COOLDOWN_MS: '60000' }));
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
    });

    const randomKidTokens = async (count: number): Promise<string[]> => {
      const intruder = await createSigningKey('RS256');
      return Promise.all(
        Array.from({ length: count }, () => idp.mint({ key: intruder, kid: randomUUID() })),
      );
    };

    it('fetches lazily, and concurrent callers share that one in-flight fetch', async () => {
      expect(idp.jwksFetchCount()).toBe(0);
      const unknown = await randomKidTokens(50);
      const valid = await Promise.all([idp.mint(), idp.mint({ alg: 'ES256' })]);
      const release = idp.holdJwks();
      const allWaiting = keyLookupsReach(app.keyStore, 52);
      const statuses = Promise.all([...valid, ...unknown].map((token) => app.get(token)));
      await allWaiting; // every request is now waiting on the key store
      expect(idp.jwksFetchCount()).toBe(1);
      release();
      expect(await statuses).toEqual([200, 200, ...unknown.map(() => 401)]);
      expect(idp.jwksFetchCount()).toBe(1);
    });

    it('does not refetch within the cooldown, however many unknown kids arrive', async () => {
      const unknown = await randomKidTokens(50);
      const statuses = await Promise.all(unknown.map((token) => app.get(token)));
      expect(statuses).toEqual(unknown.map(() => 401));
      expect(idp.jwksFetchCount()).toBe(1);
      expect(await app.get(await idp.mint())).toBe(200);
    });
  });

  describe('JWKS refetch after the cooldown (key rotation)', () => {
    const cooldownMs = 200;
    let idp: RunningIdentityProvider;
    let app: TestApp;

    beforeAll(async () => {
      idp = await startIdp();
      app = await startApp(testConfig(idp.jwksUri, { AUTH_JWKS_COOLDOWN_MS: String(cooldownMs) }));
      await app.keyStore.warmUp();
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
    });

    it('picks up a rotated-in key with one refetch once the cooldown is over', async () => {
      expect(idp.jwksFetchCount()).toBe(1); // the warm-up
      const rotated = await idp.rotateKey('ES256');
      const token = await idp.mint({ key: rotated, sub: 'u-rotated' });
      await waitOutCooldown(idp, cooldownMs);
      expect(await app.get(token)).toBe(200);
      expect(idp.jwksFetchCount()).toBe(2);
      expect(app.keyStore.knownKeyIds).toContain(rotated.kid);
      expect(await app.get(await idp.mint({ alg: 'RS256' }))).toBe(200); // old keys still there
    });

    it('refetches again for another unknown kid after the next cooldown', async () => {
      const before = idp.jwksFetchCount();
      await waitOutCooldown(idp, cooldownMs);
      expect(await app.get(await idp.mint({ kid: 'never-published' }))).toBe(401);
      expect(idp.jwksFetchCount()).toBe(before + 1);
    });
  });

  describe('when the IdP goes down', () => {
    let idp: RunningIdentityProvider;
    let app: TestApp;

    beforeAll(async () => {
      idp = await startIdp();
      // No cooldown, so unknown kids really do hit the dead IdP.
      app = await startApp(testConfig(idp.jwksUri, { AUTH_JWKS_COOLDOWN_MS: '0' }));
      await app.keyStore.warmUp();
      await idp.close();
    });
    afterAll(async () => {
      await app?.close();
    });

    it('keeps verifying fresh tokens with the keys it already knows', async () => {
      expect(idp.jwksFetchCount()).toBe(1);
      expect(await app.get(await idp.mint({ sub: 'u-a' }))).toBe(200);
      expect(await app.get(await idp.mint({ alg: 'ES256', sub: 'u-b' }))).toBe(200);
    });

    it('answers 503 to an unknown kid it could not look up, and keeps the known keys', async () => {
      await expectAuthUnavailable(app, await idp.mint({ kid: 'rotated-away' }));
      await expectAuthUnavailable(app, await idp.mint({ kid: 'rotated-away' }), '/optional');
      await expect(app.keyStore.warmUp()).resolves.toBeUndefined();
      expect(app.keyStore.knownKeyIds).toHaveLength(2);
      expect(await app.get(await idp.mint({ sub: 'u-c' }))).toBe(200);
    });
  });

  describe('when the IdP is down from the start', () => {
    it('starts anyway, answers 503 (not 401) to valid tokens until it has keys, then 200', async () => {
      const idp = await startIdp();
      idp.setJwksAvailable(false);
      // A short cooldown: the retry after a failed fetch waits no longer than it.
      const app = await startApp(testConfig(idp.jwksUri, { AUTH_JWKS_COOLDOWN_MS: '100' }));
      try {
        await expect(app.keyStore.warmUp()).resolves.toBeUndefined();
        await expectAuthUnavailable(app, await idp.mint());
        await expectAuthUnavailable(app, await idp.mint(), '/optional');
        expect((await app.call('/open')).status).toBe(200);
        expect((await app.call('/optional')).status).toBe(200); // anonymous: no token to check
        idp.setJwksAvailable(true);
        await sleep(150);
        expect(await app.get(await idp.mint())).toBe(200);
      } finally {
        await app.close();
        await idp.close();
      }
    });
  });

  describe('verified-token cache', () => {
    let idp: RunningIdentityProvider;

    beforeAll(async () => {
      idp = await startIdp();
    });
    afterAll(async () => {
      await idp?.close();
    });

    it('skips signature verification for a token it has verified before', async () => {
      const app = await startApp(testConfig(idp.jwksUri));
      try {
        const lookups = jest.spyOn(app.keyStore, 'getPublicKey');
        const token = await idp.mint({ sub: 'u-cached' });
        expect(await app.get(token)).toBe(200);
        expect(lookups).toHaveBeenCalledTimes(1);
        const again = await app.call('/me', `Bearer ${token}`);
        expect(again.status).toBe(200);
        expect(JSON.parse(again.body)).toMatchObject({ userId: 'u-cached' });
        expect(lookups).toHaveBeenCalledTimes(1);
        expect(await app.get(await idp.mint({ sub: 'u-other' }))).toBe(200);
        expect(lookups).toHaveBeenCalledTimes(2);
      } finally {
        await app.close();
      }
    });

    it('remembers a token that failed: a flood of the same bad token costs one verification', async () => {
      const app = await startApp(testConfig(idp.jwksUri));
      try {
        const lookups = jest.spyOn(app.keyStore, 'getPublicKey');
        const forger = await createSigningKey('RS256');
        const forged = await idp.mint({ key: forger, kid: idp.signingKey('RS256').kid });
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push(await app.get(forged));
        expect(statuses).toEqual(statuses.map(() => 401));
        expect(lookups).toHaveBeenCalledTimes(1);
        // So does an expired one, and another bad token is verified on its own.
        const expired = await idp.mint({ expiresInSec: -60 });
        expect([await app.get(expired), await app.get(expired)]).toEqual([401, 401]);
        expect(lookups).toHaveBeenCalledTimes(2);
        const other = await idp.mint({ key: forger, kid: idp.signingKey('RS256').kid, sub: 'u-2' });
        expect(await app.get(other)).toBe(401);
        expect(lookups).toHaveBeenCalledTimes(3);
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
