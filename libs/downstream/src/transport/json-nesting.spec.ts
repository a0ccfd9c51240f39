import { JsonNesting } from './json-nesting';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const follows = (maxDepth: number, ...pieces: string[]) => {
  const nesting = new JsonNesting(maxDepth);
  return pieces.every((piece) => nesting.follow(bytes(piece)));
};

describe('JsonNesting', () => {
  it('accepts nesting up to the limit, arrays and objects alike, and refuses one level more', () => {
    expect(follows(3, '{"a":[{"b":1}],"c":[[]]}')).toBe(true);
    expect(follows(3, '{"a":[{"b":[1]}]}')).toBe(false);
    expect(follows(2, '[[]]', '[[]]', '{"a":{}}')).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes and backslashes included', () => {
    expect(follows(1, '{"[[[":"{{{","k":"\\"[[[","b":"\\\\"}')).toBe(true);
    expect(follows(1, '{"b":"\\\\",[]}')).toBe(false);
  });

  it('follows the text across pieces, split anywhere (in a string, after a backslash)', () => {
    expect(follows(1, '{"a":"x\\', '"[[[', '","b', '":"é"}')).toBe(true);
    expect(follows(2, '{"a":"x\\', '"', '",', '"b":[', '[]]}')).toBe(false);
  });

  it('gives the same answer wherever the text is cut in two', () => {
    const text = bytes('{"a\\\\":["\\"[{","\\\\",[{"é":[1]}]],"b":"]]"}');
    const depth = (maxDepth: number) => new JsonNesting(maxDepth).follow(text);
    expect([4, 5].map(depth)).toEqual([false, true]);
    for (let cut = 0; cut <= text.length; cut++) {
      for (const maxDepth of [4, 5]) {
        const nesting = new JsonNesting(maxDepth);
        const answer = nesting.follow(text.subarray(0, cut)) && nesting.follow(text.subarray(cut));
        expect(answer).toBe(depth(maxDepth));
      }
    }
  });

  it('reads bytes: a multi-byte character never looks like a bracket or a quote', () => {
    expect(follows(1, '{"名前":"ü€😀[[["}')).toBe(true);
  });

  it('goes through a megabyte of "[[[[" in one loop, without recursion', () => {
    const nesting = new JsonNesting(64);
    expect(nesting.follow(Buffer.alloc(1_000_000, '['))).toBe(false);
    expect(new JsonNesting(1_000_000).follow(Buffer.alloc(1_000_000, '['))).toBe(true);
  });
});
