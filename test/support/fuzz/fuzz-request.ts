import { toStringMethod } from 'fast-check';

/** One request the fuzz sends, exactly as it goes on the wire. */
export interface FuzzRequest {
  method: string;
  /** The request target as sent: path and query, already encoded (or deliberately not). */
  target: string;
  /** Lower-case names; a list sends the header once per value. */
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

/** Values longer than this are shortened in failure reports (tokens and paddings run to KiB). */
const SHOWN_CHARACTERS = 160;

export function shorten(text: string): string {
  return text.length <= SHOWN_CHARACTERS
    ? text
    : `${text.slice(0, SHOWN_CHARACTERS)}…(${text.length} chars)`;
}

/** The request as a reproduction: method, target, headers and body, long values shortened. */
export function describeRequest(request: FuzzRequest): string {
  const headers = Object.entries(request.headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((one) => `  ${name}: ${shorten(one)}`),
  );
  const body = request.body === undefined ? [] : [`  body: ${shorten(request.body.toString())}`];
  return [`${request.method} ${shorten(request.target)}`, ...headers, ...body].join('\n');
}

/** Gives a request fast-check's printed form: counterexamples then read as reproductions. */
export function printable<T extends FuzzRequest>(request: T): T {
  return Object.assign(request, { [toStringMethod]: () => `\n${describeRequest(request)}\n` });
}
