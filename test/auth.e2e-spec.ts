import { createSigningKey } from '../apps/demo-backends/src/identity-provider';
import { BffHarness, startBff } from './support/bff-harness';
import { base64url, handmadeToken, hmacSha256 } from './support/handmade-token';
import { expectedEnvelope } from './support/envelope';

describe('authentication on platform routes', () => {
  let bff: BffHarness;
  let claims: { iss: string; aud: string; sub: string; iat: number; exp: number };

  beforeAll(async () => {
    bff = await startBff();
    const now = Math.floor(Date.now() / 1000);
    claims = {
      iss: bff.backends.idp.issuer,
      aud: bff.backends.idp.audience,
      sub: 'u-1001',
      iat: now,
      exp: now + 600,
    };
  });
  afterAll(() => bff.close());

  const home = (authorization?: string) =>
    bff.client.home('ios', {
      headers: authorization === undefined ? {} : { Authorization: authorization },
    });
  const expectUnauthenticated = async (authorization?: string) => {
    const response = await home(authorization);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(expectedEnvelope('UNAUTHENTICATED', false));
    expect(response.text).not.toMatch(/jwt|signature|stack|invalid algorithm/i);
  };

  it.each(['RS256', 'ES256'] as const)('accepts a valid %s token', async (alg) => {
    const token = await bff.backends.idp.mint({ sub: 'u-1002', alg });
    const response = await home(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body.user.userId).toBe('u-1002');
  });

  it('accepts a token that expired within the 5 s leeway', async () => {
    const token = await bff.backends.idp.mint({ sub: 'u-1001', expiresInSec: -2 });
    expect((await home(`Bearer ${token}`)).status).toBe(200);
  });

  const mint = (options: Parameters<BffHarness['backends']['idp']['mint']>[0]) =>
    bff.backends.idp.mint(options);

  it.each([
    ['expired beyond the leeway', () => mint({ sub: 'u-1001', expiresInSec: -30 })],
    ['not valid before a future nbf', () => mint({ sub: 'u-1001', notBeforeSec: 60 })],
    ['issued by another issuer', () => mint({ sub: 'u-1001', issuer: 'https://evil.example/' })],
    ['for another audience', () => mint({ sub: 'u-1001', audience: 'someone-else' })],
    ['without a subject', () => mint({ omit: ['sub'] })],
    ['with an empty subject', () => mint({ sub: '' })],
    ['signed with an unknown kid', () => mint({ sub: 'u-1001', kid: 'no-such-key' })],
    // The subject goes into downstream paths and X-User-Id: it is held to a strict pattern.
    ['whose subject climbs a path', () => mint({ sub: '../u-1002' })],
    ['whose subject carries a header', () => mint({ sub: 'u-1001\r\nX-User-Id: u-1002' })],
    ['whose subject is longer than 128 characters', () => mint({ sub: `u-${'1'.repeat(127)}` })],
    [
      'living longer than AUTH_MAX_TOKEN_LIFETIME_SEC',
      () => mint({ sub: 'u-1001', expiresInSec: 86_400 + 60 }),
    ],
  ])('rejects a token %s', async (_, token) => {
    await expectUnauthenticated(`Bearer ${await token()}`);
  });

  it('rejects alg:none', async () => {
    await expectUnauthenticated(`Bearer ${handmadeToken({ alg: 'none', typ: 'JWT' }, claims)}`);
  });

  it('rejects HS256 signed with the public key as the secret', async () => {
    const publicKey = bff.backends.idp.publicKeyPem('RS256');
    const token = handmadeToken({ alg: 'HS256', typ: 'JWT' }, claims, hmacSha256(publicKey));
    await expectUnauthenticated(`Bearer ${token}`);
  });

  it('rejects a token signed by a foreign key that reuses a known kid', async () => {
    const { kid } = bff.backends.idp.signingKey('RS256');
    const forged = await mint({ sub: 'u-1001', key: await createSigningKey('RS256'), kid });
    await expectUnauthenticated(`Bearer ${forged}`);
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await mint({ sub: 'u-1001' })).split('.');
    const tampered = `${header}.${base64url(JSON.stringify({ ...claims, sub: 'u-1002' }))}.${signature}`;
    await expectUnauthenticated(`Bearer ${tampered}`);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Bearer not-a-jwt',
    'Bearer a.b.c',
    'Bearer eyJhbGciOiJSUzI1NiJ9.%%%.sig',
    `Bearer ${'x'.repeat(5000)}`,
  ])('rejects the Authorization header %p', async (authorization) => {
    await expectUnauthenticated(authorization);
  });

  it('keeps public routes open', async () => {
    expect((await bff.client.live()).status).toBe(200);
  });
});
