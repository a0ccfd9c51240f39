import fc from 'fast-check';
import type { TokenKit } from './tokens';

// The hostile parts of a request, each as it goes on the wire. Generators mix the values the
// BFF knows (so requests reach handlers and services) with what no app would ever send.

/** Every byte of `text`'s UTF-8 percent-encoded (lone surrogates become U+FFFD first). */
const percentEncoded = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** Percent-encodes what may not appear raw in a request target; the rest goes as it is. */
const targetSafe = (text: string): string =>
  [...text]
    .map((char) =>
      /^[\x21-\x7e]$/.test(char) && !'/?#%'.includes(char) ? char : percentEncoded(char),
    )
    .join('');

const PATH_TRICKS = [
  '..',
  '.',
  '%2e%2e',
  '..%2f..%2fusers%2fu-1002',
  '%2e%2e%2f%2e%2e%2fmetrics',
  '..;',
  '%00',
  '%',
  '%zz',
  '%C0%AE%C0%AE',
  '%252e%252e',
  '%E2%80%AE',
  '%F0%9F%92%A9',
  '%ED%A0%80',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '*',
  '~',
  'p-100;jsessionid=1',
  '%20p-100',
  'p-100%0d%0aX-Injected:%201',
  'o-1001-0%00',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0x10',
  '1e309',
  "'%20OR%201=1--",
  '%3Cscript%3E',
  '$%7Bjndi:ldap://x%7D',
];

/** A path segment where a route takes a parameter (an id or a push token). */
export function pathParameter(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...known) },
    { weight: 3, arbitrary: fc.constantFrom(...PATH_TRICKS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(percentEncoded) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map(targetSafe) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('a', 'f', '%41', '\u00e9'), fc.integer({ min: 4_000, max: 6_000 }))
        .map(([unit, count]) => targetSafe(unit.repeat(count))),
    },
  );
}

const QUERY_KEYS = [
  'limit',
  'cursor',
  'since',
  'limit[]',
  'limit[0]',
  'cursor[x]',
  '__proto__',
  '__proto__[x]',
  '__proto__[limit]',
  'constructor[prototype][x]',
  'constructor.prototype.x',
  'a[b][c][d][e][f]',
  'toString',
  'hasOwnProperty',
  '',
];
const QUERY_VALUES = [
  '',
  '1',
  '20',
  '50',
  '51',
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '9007199254740993',
  '1'.repeat(400),
  '%20%201',
  'true',
  '[]',
  '{}',
  'eyJhbGciOiJub25lIn0',
  'A'.repeat(64),
];

/** A query string (with its `?`): duplicates, arrays, prototype keys, odd separators. */
export function queryString(): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map(targetSafe) },
  );
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...QUERY_VALUES) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map(percentEncoded) },
  );
  const pair = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}=${v}`) },
    { weight: 1, arbitrary: key },
  );
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 4, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('?', '?&&', '?=', '??', '?&limit=1&&limit=2&') },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.array(pair, { minLength: 1, maxLength: 6 }), fc.constantFrom('&', ';', '&amp;'))
        .map(([pairs, separator]) => `?${pairs.join(separator)}`),
    },
  );
}

/** Tab, and visible Latin-1: what Node lets a header value hold. */
const sendable = (char: string) => char === '\t' || (char >= ' ' && char !== '\x7f');

/** A header value Node will send: UTF-8 bytes read as Latin-1, as a careless client sends them. */
const headerText = (maxLength: number) =>
  fc
    .string({ unit: 'grapheme', maxLength })
    .map((text) => [...Buffer.from(text, 'utf8').toString('latin1')].filter(sendable).join(''));

/** Valid header values, mixed with garbage, case games, lists and padding. */
const headerValue = (known: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: headerText(30) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...known).map((value) => ` ${value.toUpperCase()} , ${value}`),
    },
  );

/** Authorization values: the kit's tokens (ordinary ones mostly), as sent and mangled. */
function authorization(tokens: TokenKit): fc.Arbitrary<string | string[]> {
  const token = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...tokens.ordinary) },
    { weight: 1, arbitrary: fc.constantFrom(...tokens.hostile) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: token.map((value) => `Bearer ${value}`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('bearer ', 'BEARER ', 'Bearer  ', 'Bearer\t', 'Basic ', '', 'Token '),
          token,
        )
        .map(([scheme, value]) => `${scheme}${value}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz') },
    { weight: 1, arbitrary: headerText(60).map((text) => `Bearer ${text}`) },
    {
      weight: 1,
      arbitrary: fc.tuple(token, token).map(([a, b]) => [`Bearer ${a}`, `Bearer ${b}`]),
    },
  );
}

const OPTIONAL_HEADERS: Record<string, readonly string[]> = {
  'x-display-scale': ['1', '2', '3', '0', '4', '3.0', '-1', ''],
  'x-display-density': ['mdpi', 'hdpi', 'xhdpi', 'xxhdpi', 'xxxhdpi', 'ldpi', 'XXHDPI', ''],
  'accept-encoding': [
    'br',
    'gzip',
    'deflate',
    'identity',
    '*',
    'br;q=0, gzip;q=0',
    'gzip;q=x',
    '*;q=0',
  ],
  'if-none-match': ['*', '"abc"', 'W/"abc"', '"a", W/"b"', '', 'W/', '"'],
  'x-forwarded-for': ['203.0.113.7', '10.0.0.1, 203.0.113.7', '::1', '2001:db8::1', 'unknown', ''],
  'idempotency-key': ['k-1', '00000000-0000-0000-0000-000000000000', '', 'k'.repeat(300)],
  'accept-language': ['en-GB', 'de-DE,de;q=0.9', '*', 'zz-ZZ', 'en-GB;q=x', ''],
  'x-app-version': ['5.1.3', '0.0.0', '999.999.999', 'v5', '5.1.3-beta.1+build', ''],
  'x-request-id': ['req-1', '', 'x'.repeat(300), '../../etc/passwd'],
  traceparent: ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '00-00-00-00', 'ff-x'],
  accept: ['application/json', '*/*', 'text/html', 'application/xml', ''],
  origin: ['https://evil.example', 'null', 'http://127.0.0.1'],
  'x-http-method-override': ['DELETE', 'PUT', 'TRACE'],
  'x-forwarded-proto': ['https', 'gopher'],
  host: ['evil.example', 'localhost:1', ''],
  range: ['bytes=0-10', 'bytes=999999-'],
  'content-type': ['application/json', 'text/plain', 'application/x-www-form-urlencoded'],
};

/** Present in one request of `1 + absentWeight`: a few headers at a time reach the handlers. */
const sometimes = <T>(value: fc.Arbitrary<T>, absentWeight: number) =>
  fc.oneof(
    { withCrossShrink: true },
    { weight: absentWeight, arbitrary: fc.constant(undefined) },
    value,
  );

/** A header set: a token mostly, a few of the above, maybe a random header or padding. */
export function headers(tokens: TokenKit): fc.Arbitrary<Record<string, string | string[]>> {
  const known = Object.fromEntries(
    Object.entries(OPTIONAL_HEADERS).map(([name, values]) => [
      name,
      // Sent twice, too (Node sends one Host only: two of them go in raw heads).
      sometimes(
        name === 'host'
          ? headerValue(values)
          : fc.oneof(headerValue(values), fc.tuple(headerValue(values), headerValue(values))),
        4,
      ),
    ]),
  ) as Record<string, fc.Arbitrary<string | string[] | undefined>>;
  const randomHeader = sometimes(
    fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), headerText(40), { maxKeys: 2 }),
    3,
  ).map((random) => random ?? {});
  const padding = fc.oneof(
    { withCrossShrink: true },
    { weight: 8, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 6_000, max: 20_000 })
        .map((size) => ({ 'x-padding': 'p'.repeat(size) })),
    },
  );
  return fc
    .tuple(
      fc.record({
        authorization: fc.oneof(
          { withCrossShrink: true },
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 4, arbitrary: authorization(tokens) },
        ),
        ...known,
      }),
      randomHeader,
      padding,
    )
    .map(([chosen, random, pad]) => ({ ...random, ...pad, ...present(chosen) }));
}

const present = <T>(record: Record<string, T | undefined>): Record<string, T> =>
  Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, T] => entry[1] !== undefined),
  );

const DEVICE_BODY = { appVersion: '5.1.3', locale: 'en-GB' };
const deep = (depth: number, open: string, close: string) =>
  `${open.repeat(depth)}1${close.repeat(depth)}`;

/** A body with its Content-Type: valid, wrong types, hostile JSON, non-JSON, oversized. */
export function body(): fc.Arbitrary<{ contentType?: string; body?: Buffer }> {
  const json = fc.oneof(
    { weight: 3, arbitrary: fc.constant(JSON.stringify(DEVICE_BODY)) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"admin":true},"appVersion":"5.1.3","locale":"en-GB"}',
        '{"constructor":{"prototype":{"admin":true}},"appVersion":"5.1.3","locale":"en-GB"}',
        '{"appVersion":5.13,"locale":["en-GB"]}',
        '{"appVersion":"5.1.3","locale":"en-GB","extra":1e400}',
        '{"appVersion":"5.1.3","locale":"en-GB","n":123456789012345678901234567890}',
        '{"appVersion":"5.1.3","appVersion":"6.0.0","locale":"en-GB"}',
        `{"appVersion":"${'9'.repeat(5_000)}","locale":"en-GB"}`,
        `{"appVersion":"5.1.3","locale":"${'x'.repeat(5_000)}"}`,
        '{"appVersion":null,"locale":null}',
        '[]',
        'null',
        '"5.1.3"',
        '0',
        '{}',
      ),
    },
    { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
        .map(([depth, array]) => (array ? deep(depth, '[', ']') : deep(depth, '{"a":', '}'))),
    },
  );
  const nonJson = fc.oneof(
    fc.constantFrom('', '{', 'not json', '<xml/>', 'appVersion=5.1.3&locale=en-GB', '\u0000\u0001'),
    fc.string({ unit: 'binary', maxLength: 80 }),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'APPLICATION/JSON',
    'application/vnd.api+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'json',
  );
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 6, arbitrary: fc.constant({}) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.option(contentType, { freq: 5 }), fc.oneof(json, nonJson))
        .map(([type, text]) => ({ contentType: type ?? undefined, body: Buffer.from(text) })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 60_000, max: 200_000 }).map((size) => ({
        contentType: 'application/json',
        body: Buffer.from(JSON.stringify({ ...DEVICE_BODY, padding: 'x'.repeat(size) })),
      })),
    },
  );
}
