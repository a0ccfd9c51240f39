import type { FastifyReply, FastifyRequest } from 'fastify';
import { varyOnAcceptEncoding } from './vary-accept-encoding';

/** The Vary header after the hook ran on an answer that had `vary` (or none). */
function varyAfter(vary?: string): unknown {
  const headers = new Map<string, unknown>(vary === undefined ? [] : [['vary', vary]]);
  const reply = {
    getHeader: (name: string) => headers.get(name),
    header(name: string, value: unknown) {
      headers.set(name, value);
      return this;
    },
  };
  const done = jest.fn();
  varyOnAcceptEncoding({} as FastifyRequest, reply as unknown as FastifyReply, 'body', done);
  expect(done).toHaveBeenCalledWith(null, 'body');
  return headers.get('vary');
}

describe(varyOnAcceptEncoding.name, () => {
  it.each([
    ['an answer without Vary', undefined, 'accept-encoding'],
    [
      'a screen',
      'Authorization, X-Display-Scale',
      'Authorization, X-Display-Scale, accept-encoding',
    ],
    ['an answer that names it already', 'Origin, accept-encoding', 'Origin, accept-encoding'],
    ['one that names it in another case', 'Accept-Encoding', 'Accept-Encoding'],
  ])('%s: %j → %j', (_case, vary, expected) => {
    expect(varyAfter(vary)).toBe(expected);
  });
});
