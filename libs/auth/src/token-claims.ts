import { TokenRejectedError } from './token-rejection';

/**
 * What a `sub` may look like before it goes into downstream paths and the X-User-Id header: a
 * letter or digit first (so never `.` or `..`), then letters, digits and `. _ : @ | -` (emails,
 * UUIDs, `auth0|…`-style ids), 128 characters at most. No `/`, `%`, space or control character.
 */
export const SUBJECT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$/;

export interface ClaimRules {
  readonly maxLifetimeSec: number;
  readonly clockToleranceSec: number;
}

/**
 * The claim checks jsonwebtoken leaves to us, run once signature, `iss`, `aud` and `nbf` passed:
 * `sub` in shape, `exp` required (jsonwebtoken would take a token without one as never
 * expiring), a lifetime within bounds, and expiry last, so that `expired` means "genuine in every
 * other respect". Returns the subject; throws a TokenRejectedError.
 */
export function checkedSubject(
  claims: Readonly<Record<string, unknown>>,
  rules: ClaimRules,
  nowSec = Math.floor(Date.now() / 1000),
): string {
  const { sub, exp, iat } = claims;
  if (typeof sub !== 'string' || !SUBJECT_PATTERN.test(sub)) {
    throw new TokenRejectedError('bad-claims');
  }
  if (!isFiniteNumber(exp) || (iat !== undefined && !isFiniteNumber(iat))) {
    throw new TokenRejectedError('bad-claims');
  }
  if (exp - (iat ?? nowSec) > rules.maxLifetimeSec) throw new TokenRejectedError('too-long-lived');
  // As jsonwebtoken counts it: expired from `exp` on, after the leeway.
  if (nowSec >= exp + rules.clockToleranceSec) throw new TokenRejectedError('expired');
  return sub;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
