import { acceptedTags, priceLocale, resolveLocale, supportedLocale } from './locale';

describe(priceLocale.name, () => {
  it('takes the profile locale first', () => {
    expect(priceLocale('de-DE', 'fr-FR, en-GB')).toBe('de-DE');
  });

  it('takes the most preferred Accept-Language locale without a profile', () => {
    expect(priceLocale(undefined, 'fr-CH, fr;q=0.9, en;q=0.8')).toBe('fr-CH');
    expect(priceLocale(null, 'en;q=0.2, ja-JP;q=0.9')).toBe('ja-JP');
  });

  it('skips what names no locale Intl formats, and ends at en-US', () => {
    expect(priceLocale('tlh', '*, xx-YY, de-AT;q=0.5')).toBe('de-AT');
    expect(priceLocale(undefined, undefined)).toBe('en-US');
    expect(priceLocale(undefined, '')).toBe('en-US');
  });

  it.each([
    '%%%',
    'en-US;q=nope',
    'en-US;q=0',
    ';;;,,,',
    'x-private-only',
    'a'.repeat(10_000),
    'de-DE'.padEnd(40, '-x'),
    `${Array.from({ length: 10 }, () => 'tlh').join(',')}, de-DE`,
  ])('treats the malformed or unusable header %j as saying nothing', (header) => {
    expect(priceLocale(undefined, header)).toBe('en-US');
  });
});

describe(acceptedTags.name, () => {
  it('orders the tags by weight, keeping the order sent among equals', () => {
    expect(acceptedTags('da, en-GB;q=0.8, en;q=0.8, de;Q=0.9')).toEqual([
      'da',
      'de',
      'en-GB',
      'en',
    ]);
  });

  it('leaves out the wildcard and what the caller refuses', () => {
    expect(acceptedTags('*;q=0.5, fr;q=0, it')).toEqual(['it']);
  });
});

describe(supportedLocale.name, () => {
  it.each([
    ['EN-gb', 'en-GB'],
    ['de-DE-u-nu-arab', 'de-DE'],
    ['ja-JP-u-ca-japanese', 'ja-JP'],
    ['en-US-x-anything', 'en-US'],
    ['en-ZZ', 'en'],
    ['pt-Zzzz-XX-variant', 'pt'],
    ['sr-Latn-RS', 'sr-Latn-RS'],
  ])('reduces %s to the locale ICU formats with: %s', (tag, locale) => {
    expect(supportedLocale(tag)).toBe(locale);
  });

  it.each(['', 'not a locale!', 'i-klingon', 'tlh', 'und', 'x-foo'])(
    'knows no locale for %j',
    (tag) => {
      expect(supportedLocale(tag)).toBeUndefined();
    },
  );

  it('answers any number of distinct tags from a bounded set of locales', () => {
    const locales = new Set(
      Array.from({ length: 2_000 }, (_, i) =>
        supportedLocale(`en-Zzzz-${String(i).padStart(3, '0')}`),
      ),
    );
    expect([...locales]).toEqual(['en']);
  });

  it('gives the same answer as resolving afresh', () => {
    for (const tag of ['fr-CH', 'zz', 'de-DE-u-nu-arab']) {
      expect(supportedLocale(tag)).toBe(resolveLocale(tag));
      expect(supportedLocale(tag)).toBe(resolveLocale(tag));
    }
  });
});
