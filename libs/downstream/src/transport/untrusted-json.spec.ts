import { parseUntrustedJson } from './untrusted-json';

const POLLUTION = '{"polluted":true}';

describe('parseUntrustedJson', () => {
  afterEach(() => expect(({} as Record<string, unknown>).polluted).toBeUndefined());

  it('parses an ordinary answer as JSON.parse does', () => {
    const text = '{"id":"u-1","tags":["a","b"],"n":1.5,"nested":{"ok":true},"none":null}';
    expect(parseUntrustedJson(text)).toEqual(JSON.parse(text));
  });

  it('drops __proto__ and constructor.prototype keys, written plainly, and keeps the rest', () => {
    const text = `{"__proto__":${POLLUTION},"constructor":{"prototype":${POLLUTION}},"a":{"__proto__":${POLLUTION},"b":1}}`;
    const parsed = parseUntrustedJson(text) as Record<string, Record<string, unknown>>;
    expect(Object.keys(parsed)).toEqual(['a']);
    expect(Object.keys(parsed.a)).toEqual(['b']);
  });

  it('drops them when spelled with \\u escapes (the same keys once parsed)', () => {
    const text = `{"\\u005f\\u005fproto\\u005f\\u005f":${POLLUTION},"\\u0063onstructor":{"prototype":${POLLUTION}},"b":"\\u00e9"}`;
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['__proto__', 'constructor', 'b']);
    expect(parseUntrustedJson(text)).toEqual({ b: 'é' });
  });

  it('keeps a "constructor" that is only a value or a harmless key', () => {
    expect(parseUntrustedJson('{"role":"constructor","constructor":"x"}')).toEqual({
      role: 'constructor',
      constructor: 'x',
    });
  });

  it('throws on malformed text', () => {
    expect(() => parseUntrustedJson('{"a":')).toThrow(SyntaxError);
  });
});
