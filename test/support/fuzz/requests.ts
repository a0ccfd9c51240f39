import fc from 'fast-check';
import { FuzzRequest, printable } from './fuzz-request';
import { body, headers, pathParameter, queryString } from './inputs';
import {
  CataloguedRoute,
  KNOWN_PARAMETERS,
  OPERATIONAL_PATHS,
  UNKNOWN_PATHS,
} from './route-catalogue';
import type { TokenKit } from './tokens';

/** Methods Node's client sends as given; the server's parser knows some and refuses the rest. */
const METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'QUERY',
  'PURGE',
  'M-SEARCH',
  'BREW',
];

/** Fills a template's `{name}` parameters, each from the ids it knows and hostile segments. */
function filledPath(template: string): fc.Arbitrary<string> {
  const parts = template.split(/(\{\w+\})/);
  return fc
    .tuple(
      ...parts.map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        return name === undefined ? fc.constant(part) : pathParameter(KNOWN_PARAMETERS[name] ?? []);
      }),
    )
    .map((filled) => filled.join(''));
}

/** A full request to `path`: query, headers (a token maybe) and a body (its type included). */
function requestTo(
  path: fc.Arbitrary<string>,
  method: fc.Arbitrary<string>,
  tokens: TokenKit,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({ method, path, query: queryString(), headers: headers(tokens), content: body() })
    .map(({ method: verb, path: target, query, headers: sent, content }) =>
      printable({
        method: verb,
        target: `${target}${query}`,
        headers:
          content.contentType === undefined
            ? sent
            : { ...sent, 'content-type': content.contentType },
        body: content.body,
      }),
    );
}

/** Mostly a route's own methods, sometimes any other. */
const methodFor = (route: CataloguedRoute) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...route.methods) },
    fc.constantFrom(...METHODS),
  );

/** Requests to the platform routes of the documents, parameters filled with hostile values. */
export function platformRequests(
  routes: readonly CataloguedRoute[],
  tokens: TokenKit,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    ...routes.map((route) => requestTo(filledPath(route.template), methodFor(route), tokens)),
  );
}

/** Requests to /health, /metrics and /docs (and what hides below them). */
export function operationalRequests(tokens: TokenKit): fc.Arbitrary<FuzzRequest> {
  const method = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('GET', 'HEAD') },
    fc.constantFrom(...METHODS),
  );
  return requestTo(fc.constantFrom(...OPERATIONAL_PATHS), method, tokens);
}

/** Requests to paths no route serves, or that only look like one, with any method. */
export function unknownRequests(tokens: TokenKit): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    fc.constantFrom(...UNKNOWN_PATHS),
    fc
      .array(pathParameter(['ios', 'android', 'v1', 'home', 'docs', 'health']), { maxLength: 5 })
      .map((segments) => `/${segments.join('/')}`),
  );
  return requestTo(path, fc.constantFrom(...METHODS), tokens);
}

/**
 * Request heads Node's client refuses to write: any method token, lower case, CONNECT, raw
 * bytes and spaces in the target, other protocol versions, no Host or two of them.
 */
export function rawHeads(): fc.Arbitrary<string> {
  const method = fc.oneof(
    fc.constantFrom(...METHODS, 'CONNECT', 'get', 'G\u00c9T', ''),
    fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,12}$/),
  );
  const target = fc.oneof(
    fc.constantFrom(...UNKNOWN_PATHS, ...OPERATIONAL_PATHS, '/ios/v1/home', 'evil.example:443'),
    fc.constantFrom('/ios/v1/products/p 100', '/ios/v1/h\u00f6me', '/ios/v1/home\t', '/a\u0000'),
  );
  const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTPS/1.1', '');
  const host = fc.constantFrom(
    ['Host: bff'],
    [],
    ['Host: a', 'Host: b'],
    ['Host: bff', 'X-Forwarded-For: 203.0.113.9'],
    ['Host: bff', 'Content-Type: application/json'],
  );
  return fc
    .tuple(method, target, version, host)
    .map(([verb, path, protocol, lines]) => [`${verb} ${path} ${protocol}`, ...lines].join('\r\n'));
}
