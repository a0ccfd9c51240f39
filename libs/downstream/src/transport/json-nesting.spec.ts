import fc from 'fast-check';
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

  it('measures any JSON text as deep as its value is, cut in three anywhere', () => {
    const depthOf = (value: unknown): number =>
      value !== null && typeof value === 'object'
        ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
        : 0;
    // Strings full of quotes, backslashes and brackets: the cases a scanner gets wrong.
    const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', '{', ']', '}', 'a', 'é') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.integer(),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.nat(), fc.nat(), (json, a, b) => {
        const text = bytes(JSON.stringify(json));
        const [first, second] = [a % (text.length + 1), b % (text.length + 1)].sort(
          (x, y) => x - y,
        );
        const pieces = [
          text.subarray(0, first),
          text.subarray(first, second),
          text.subarray(second),
        ];
        const fits = (maxDepth: number) => {
          const nesting = new JsonNesting(maxDepth);
          return pieces.every((piece) => nesting.follow(piece));
        };
        const depth = depthOf(json);
        expect(fits(depth)).toBe(true);
        if (depth > 0) expect(fits(depth - 1)).toBe(false);
      }),
      { numRuns: 500, seed: 20261202 },
    );
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
