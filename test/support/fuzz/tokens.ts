import { createSign, generateKeyPairSync } from 'node:crypto';
import type { BffHarness } from '../bff-harness';
import { handmadeToken, hmacSha256 } from '../handmade-token';

/** Subjects a real IdP might sign although no user has them: they must never reach a service raw. */
const HOSTILE_SUBJECTS = [
  '',
  'u-1001/../../admin',
  '../users/u-1002',
  'u-1001?debug=true',
  'u-1001#x',
  'u-1001%2F..',
  'u-1001\r\nX-Injected: 1',
  'u-1001\u0000',
  'ü-1001',
  '👤',
  '__proto__',
  'constructor',
  `u-${'9'.repeat(40)}`,
  'x'.repeat(2_000),
];

/**
 * The tokens the fuzz picks from, minted once (signing is slow, and picks stay deterministic).
 * `ordinary`: genuine tokens of ordinary users, so that requests reach the screens. `hostile`:
 * genuine tokens for hostile subjects, and every kind of bad token.
 */
export interface TokenKit {
  ordinary: readonly string[];
  hostile: readonly string[];
}

export async function mintTokenKit(bff: BffHarness): Promise<TokenKit> {
  const { idp } = bff.backends;
  const now = Math.floor(Date.now() / 1000);
  const ordinary = await Promise.all([
    bff.token('u-1001'),
    bff.token('u-1002', 'ES256'),
    bff.token(`u-${now}`),
  ]);
  const genuineButBad = await Promise.all([
    ...HOSTILE_SUBJECTS.map((sub) => bff.token(sub)),
    idp.mint({ expiresInSec: -3_600 }),
    idp.mint({ notBeforeSec: 3_600 }),
    idp.mint({ expiresInSec: 365 * 86_400 }),
    idp.mint({ omit: ['exp'] }),
    idp.mint({ omit: ['sub'] }),
    idp.mint({ extraClaims: { sub: 1001 } }),
    idp.mint({ audience: 'someone-else' }),
    idp.mint({ issuer: 'https://evil.example/' }),
    idp.mint({ kid: 'kid-nobody-published' }),
  ]);
  return { ordinary, hostile: [...genuineButBad, ...forgedLike(bff, ordinary[0])] };
}

/** Tokens no IdP signed: a broken signature, a stranger's key, alg none or HS256, garbage. */
function forgedLike(bff: BffHarness, genuine: string): string[] {
  const { idp } = bff.backends;
  const [header, payload, signature] = genuine.split('.');
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'u-1001', iss: idp.issuer, aud: idp.audience, iat: now, exp: now + 600 };
  const kid = idp.signingKey('RS256').kid;
  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const signedByStranger = (input: string) =>
    createSign('RSA-SHA256').update(input).sign(strangerKey).toString('base64url');
  return [
    `${header}.${payload}.${[...signature].reverse().join('')}`,
    handmadeToken({ alg: 'RS256', kid }, claims, signedByStranger),
    handmadeToken({ alg: 'none', typ: 'JWT' }, claims),
    handmadeToken({ alg: 'none', kid }, claims, () => 'x'),
    handmadeToken({ alg: 'HS256', kid }, claims, hmacSha256(idp.publicKeyPem('RS256'))),
    `${Buffer.from('{x').toString('base64url')}.${payload}.${header}`,
    `${header}.${payload}`,
    'not-a-token',
    `${header}.${'A'.repeat(7_000)}.${header}`,
    `${header}.${'A'.repeat(12_000)}.${header}`,
  ];
}
