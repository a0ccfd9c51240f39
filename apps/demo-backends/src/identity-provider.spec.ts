import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, JSONWebKeySet } from 'jose';
import { DemoBackends, startDemoBackends } from './demo-backends';
import { rawRequest } from './testing/raw-http';

describe(`${startDemoBackends.name} identity provider`, () => {
  let demo: DemoBackends;

  const fetchJwks = async (): Promise<JSONWebKeySet> => {
    const response = await rawRequest(demo.idp.jwksUri);
    expect(response.status).toBe(200);
    return JSON.parse(response.body) as JSONWebKeySet;
  };
  const verify = async (token: string) =>
    jwtVerify(token, createLocalJWKSet(await fetchJwks()), {
      issuer: demo.idp.issuer,
      audience: demo.idp.audience,
    });

  beforeAll(async () => {
    demo = await startDemoBackends();
  });
  afterAll(() => demo.close());
  afterEach(() => demo.idp.setJwksAvailable(true));

  it('derives the issuer from its own address and uses the demo audience', () => {
    expect(demo.idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(demo.idp.jwksUri).toBe(`${demo.idp.issuer}.well-known/jwks.json`);
    expect(demo.idp.audience).toBe('mobile-bff');
  });

  it('publishes one RS256 and one ES256 signing key', async () => {
    const { keys } = await fetchJwks();
    expect(keys).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) }),
      expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' }),
    ]);
    expect(keys.every((key) => key.d === undefined)).toBe(true);
  });

  it.each(['RS256', 'ES256'] as const)(
    'mints %s tokens that verify against the JWKS',
    async (alg) => {
      const token = await demo.idp.mint({ sub: 'u-1002', alg });
      const { payload, protectedHeader } = await verify(token);
      expect(protectedHeader.alg).toBe(alg);
      expect(payload.sub).toBe('u-1002');
      const lifetime = (payload.exp ?? 0) - (payload.iat ?? 0);
      expect(lifetime).toBe(15 * 60);
    },
  );

  it('lets tests shape every claim', async () => {
    const expired = await demo.idp.mint({ expiresInSec: -60 });
    await expect(verify(expired)).rejects.toBeInstanceOf(errors.JWTExpired);
    const future = await demo.idp.mint({ notBeforeSec: 600 });
    await expect(verify(future)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
    const otherAudience = await demo.idp.mint({ audience: 'someone-else' });
    await expect(verify(otherAudience)).rejects.toThrow(/aud/);
    const otherIssuer = await demo.idp.mint({ issuer: 'https://evil.example/' });
    await expect(verify(otherIssuer)).rejects.toThrow(/iss/);

    const anonymous = await demo.idp.mint({ omit: ['sub'], extraClaims: { scope: 'read' } });
    const { payload } = await verify(anonymous);
    expect(payload.sub).toBeUndefined();
    expect(payload.scope).toBe('read');

    const unknownKid = await demo.idp.mint({ kid: 'rotated-away' });
    expect(decodeProtectedHeader(unknownKid).kid).toBe('rotated-away');
    await expect(verify(unknownKid)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('exposes the public keys as PEM', () => {
    expect(demo.idp.publicKeyPem('RS256')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(demo.idp.publicKeyPem('ES256')).not.toBe(demo.idp.publicKeyPem('RS256'));
  });

  it('counts JWKS fetches and can make the JWKS unavailable', async () => {
    const before = demo.idp.jwksFetchCount();
    await fetchJwks();
    demo.idp.setJwksAvailable(false);
    expect((await rawRequest(demo.idp.jwksUri)).status).toBe(503);
    demo.idp.setJwksAvailable(true);
    await fetchJwks();
    expect(demo.idp.jwksFetchCount()).toBe(before + 3);
  });

  it('hands out day-long demo tokens over HTTP', async () => {
    const issuer = demo.idp.issuer;
    const response = await rawRequest(`${issuer}demo/token?sub=u-1003&alg=ES256`);
    expect(response.status).toBe(200);
    const { token } = JSON.parse(response.body) as { token: string };
    const { payload, protectedHeader } = await verify(token);
    expect(payload.sub).toBe('u-1003');
    expect(protectedHeader.alg).toBe('ES256');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(24 * 60 * 60);
    expect((await rawRequest(`${issuer}demo/token?alg=HS256`)).status).toBe(400);
  });

  it('accepts an explicit issuer and audience', async () => {
    const custom = await startDemoBackends({ issuer: 'https://idp.example/', audience: 'aud-x' });
    try {
      expect(custom.idp).toMatchObject({ issuer: 'https://idp.example/', audience: 'aud-x' });
      const token = await custom.idp.mint();
      const jwks = JSON.parse((await rawRequest(custom.idp.jwksUri)).body) as JSONWebKeySet;
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
        issuer: 'https://idp.example/',
        audience: 'aud-x',
      });
      expect(payload.sub).toBe('u-1001');
    } finally {
      await custom.close();
    }
  });
});
