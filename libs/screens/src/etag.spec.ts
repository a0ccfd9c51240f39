import { createHash } from 'node:crypto';
import { etagOf, matchesIfNoneMatch } from './etag';

const content = JSON.stringify({
  user: { userId: 'jp-user-000731', displayName: '佐藤 花子' },
  recommendations: [{ productId: 'matcha-set', priceFormatted: '￥12,000' }],
});

describe(etagOf.name, () => {
  it('is a weak, quoted tag of the content: one tag for every encoding of it', () => {
    const tag = etagOf(content);
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(tag).toBe(`W/"${createHash('sha1').update(content).digest('base64url')}"`);
  });

  it('is stable: the same content always gives the same tag', () => {
    expect(etagOf(content)).toBe(etagOf(String(content)));
    expect(etagOf('{}')).toBe(etagOf('{}'));
  });

  it('depends on the content only, and changes with any change of it', () => {
    expect(etagOf(content.replace('12,000', '12,001'))).not.toBe(etagOf(content));
    expect(etagOf(content.replace('佐藤', '鈴木'))).not.toBe(etagOf(content));
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":1} '));
  });
});

describe(matchesIfNoneMatch.name, () => {
  const etag = etagOf(content);
  const strong = etag.slice(2);
  const opaque = strong.slice(1, -1);

  it.each<[string, string | undefined, boolean]>([
    ['no header', undefined, false],
    ['an empty header', '', false],
    ['the same tag', etag, true],
    ['a different tag', '"0123456789abcdef"', false],
    ['*', '*', true],
    ['* with spaces', '  *  ', true],
    ['the tag with surrounding spaces', `   ${etag}  `, true],
    ['the strong form of the tag (weak comparison)', strong, true],
    ['a list holding the tag', `"stale-1", ${etag}, "stale-2"`, true],
    ['a list holding the tag, without spaces', `"stale-1",${etag}`, true],
    ['a list with tabs and spaces', `"stale-1" ,\t${etag}\t`, true],
    ['a list without the tag', '"stale-1", W/"stale-2"', false],
    ['the tag without its quotes', opaque, false],
    ['a lower-case w/ prefix (the prefix is case-sensitive)', `w/${strong}`, false],
    ['a prefix of the tag', `"${opaque.slice(0, -1)}"`, false],
  ])('%s → %s', (_case, header, expected) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(expected);
  });

  it('compares weakly whichever side is weak (a strong tag stored before tags were weak)', () => {
    expect(matchesIfNoneMatch('"abc"', 'W/"abc"')).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', '"abc"')).toBe(true);
  });
});
