import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, JSONWebKeySet } from 'jose';
import { DemoBackends, startDemoBackends } from './demo-backends';
import { createSigningKey, startIdentityProvider } from './identity-provider';
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

  it('signs with a key it does not publish when told to: such tokens do not verify', async () => {
    const foreign = await createSigningKey('ES256');
    const unknown = await demo.idp.mint({ key: foreign, sub: 'u-1004' });
    expect(decodeProtectedHeader(unknown)).toMatchObject({ alg: 'ES256', kid: foreign.kid });
    await expect(verify(unknown)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);

    const knownKid = demo.idp.signingKey('ES256').kid;
    const forged = await demo.idp.mint({ key: foreign, kid: knownKid });
    expect(decodeProtectedHeader(forged).kid).toBe(knownKid);
    await expect(verify(forged)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it.each(['RS256', 'ES256'] as const)(
    'names the published key it signs %s tokens with by default',
    async (alg) => {
      const key = demo.idp.signingKey(alg);
      expect(key.alg).toBe(alg);
      expect(decodeProtectedHeader(await demo.idp.mint({ alg })).kid).toBe(key.kid);
      expect((await fetchJwks()).keys.map((jwk) => jwk.kid)).toContain(key.kid);
      expect(key.publicPem).toBe(demo.idp.publicKeyPem(alg));
    },
  );

  it('holds JWKS answers back until released, counting each request as it arrives', async () => {
    const before = demo.idp.jwksFetchCount();
    const release = demo.idp.holdJwks();
    let settled = false;
    try {
      const pending = rawRequest(demo.idp.jwksUri).finally(() => (settled = true));
      for (let tries = 0; demo.idp.jwksFetchCount() === before; tries++) {
        if (tries > 200) throw new Error('the JWKS request never arrived');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled).toBe(false);
      release();
      expect((await pending).status).toBe(200);
      expect(demo.idp.jwksFetchCount()).toBe(before + 1);
    } finally {
      release();
    }
    expect((await rawRequest(demo.idp.jwksUri)).status).toBe(200); // no longer held
  });

  it('tells how long ago the JWKS was last fetched', async () => {
    const idp = await startIdentityProvider({ host: '127.0.0.1', port: 0, audience: 'aud-y' });
    try {
      expect(idp.msSinceLastJwksFetch()).toBe(Number.POSITIVE_INFINITY);
      await rawRequest(idp.jwksUri);
      const sinceFetch = idp.msSinceLastJwksFetch();
      expect(sinceFetch).toBeGreaterThanOrEqual(0);
      expect(sinceFetch).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(idp.msSinceLastJwksFetch()).toBeGreaterThanOrEqual(sinceFetch + 50);
    } finally {
      await idp.close();
    }
  });

  it('rotates a key: the new one is published and signs, the old one keeps verifying', async () => {
    const idp = await startIdentityProvider({ host: '127.0.0.1', port: 0, audience: 'aud-z' });
    try {
      const jwksOf = async () => JSON.parse((await rawRequest(idp.jwksUri)).body) as JSONWebKeySet;
      const verifyWith = async (token: string) =>
        jwtVerify(token, createLocalJWKSet(await jwksOf()), { audience: 'aud-z' });
      const old = idp.signingKey('ES256');
      const oldToken = await idp.mint({ alg: 'ES256' });

      const rotated = await idp.rotateKey('ES256');
      expect(rotated.kid).not.toBe(old.kid);
      expect(idp.signingKey('ES256')).toBe(rotated);
      expect(idp.publicKeyPem('ES256')).toBe(rotated.publicPem);
      expect((await jwksOf()).keys.map((jwk) => [jwk.alg, jwk.kid])).toEqual([
        ['RS256', idp.signingKey('RS256').kid],
        ['ES256', old.kid],
        ['ES256', rotated.kid],
      ]);
      const newToken = await idp.mint({ alg: 'ES256', sub: 'u-1005' });
      expect(decodeProtectedHeader(newToken).kid).toBe(rotated.kid);
      expect((await verifyWith(newToken)).payload.sub).toBe('u-1005');
      expect((await verifyWith(oldToken)).protectedHeader.kid).toBe(old.kid);
    } finally {
      await idp.close();
    }
  });

  it('publishes a key ahead of a rotation, and withdraws one', async () => {
    const idp = await startIdentityProvider({ host: '127.0.0.1', port: 0, audience: 'aud-z' });
    try {
      const kidsOf = async () =>
        (JSON.parse((await rawRequest(idp.jwksUri)).body) as JSONWebKeySet).keys.map(
          (jwk) => jwk.kid,
        );
      const current = idp.signingKey('RS256');
      const ahead = await idp.publishKey('RS256');
      expect(await kidsOf()).toEqual([current.kid, idp.signingKey('ES256').kid, ahead.kid]);
      expect(idp.signingKey('RS256')).toBe(current); // still minting with the current key
      expect(decodeProtectedHeader(await idp.mint()).kid).toBe(current.kid);
      expect(decodeProtectedHeader(await idp.mint({ key: ahead })).kid).toBe(ahead.kid);
      idp.withdrawKey(current.kid);
      expect(await kidsOf()).toEqual([idp.signingKey('ES256').kid, ahead.kid]);
    } finally {
      await idp.close();
    }
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
