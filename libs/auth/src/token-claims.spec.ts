import { checkedSubject } from './token-claims';

const NOW = 1_800_000_000;
const RULES = { maxLifetimeSec: 3_600, clockToleranceSec: 5 };

/** The reason `claims` are refused for, or the subject they yield. */
function outcomeOf(claims: Record<string, unknown>): string {
  try {
    return `sub ${checkedSubject(claims, RULES, NOW)}`;
  } catch (error) {
    return (error as { reason?: string }).reason ?? String(error);
  }
}

const valid = { sub: 'u-1001', iat: NOW - 60, exp: NOW + 600 };

describe(checkedSubject.name, () => {
  it.each([
    'u-1001',
    'auth0|5f7c8ec7c33c6c004bbafe82',
    'jane.doe@example.com',
    'a',
    'x'.repeat(128),
  ])('accepts the subject %s', (sub) => {
    expect(outcomeOf({ ...valid, sub })).toBe(`sub ${sub}`);
  });

  it.each([
    ['empty', ''],
    ['a path climb', '..'],
    ['a dot', '.'],
    ['a slash', 'u-1/../admin'],
    ['percent-encoding', 'u%2F1'],
    ['a space', 'u 1'],
    ['a control character', 'u-1\r\nX-Admin: 1'],
    ['non-ASCII', 'ü-1'],
    ['longer than 128 characters', 'x'.repeat(129)],
    ['not a string', 1001],
  ])('refuses a subject that is %s', (_, sub) => {
    expect(outcomeOf({ ...valid, sub })).toBe('bad-claims');
  });

  it.each([
    ['without exp', { sub: 'u-1', iat: NOW }],
    ['with a string exp', { sub: 'u-1', exp: String(NOW + 60) }],
    ['with a string iat', { sub: 'u-1', iat: 'yesterday', exp: NOW + 60 }],
  ])('refuses a token %s', (_, claims) => {
    expect(outcomeOf(claims)).toBe('bad-claims');
  });

  it('refuses a lifetime (exp - iat) above the maximum, and accepts it at the maximum', () => {
    expect(outcomeOf({ sub: 'u-1', iat: NOW - 10, exp: NOW - 10 + 3_601 })).toBe('too-long-lived');
    expect(outcomeOf({ sub: 'u-1', iat: NOW - 10, exp: NOW - 10 + 3_600 })).toBe('sub u-1');
  });

  it('measures the lifetime from now when there is no iat', () => {
    expect(outcomeOf({ sub: 'u-1', exp: NOW + 3_601 })).toBe('too-long-lived');
    expect(outcomeOf({ sub: 'u-1', exp: NOW + 3_600 })).toBe('sub u-1');
  });

  it('calls a token expired from exp on, after the leeway, and only once all else passed', () => {
    expect(outcomeOf({ ...valid, exp: NOW - 4 })).toBe('sub u-1001');
    expect(outcomeOf({ ...valid, exp: NOW - 5 })).toBe('expired');
    expect(outcomeOf({ ...valid, exp: NOW - 5, sub: '..' })).toBe('bad-claims');
  });
});
