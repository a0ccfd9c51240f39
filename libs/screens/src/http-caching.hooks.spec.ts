import type { FastifyReply, FastifyRequest } from 'fastify';
import { conditionalGet, noStoreUnlessDeclared } from './http-caching.hooks';

const ETAG = 'W/"Zq3cV0m1oZ3E6qgqA2u7bXk9y4Q"';
const BODY = '{"meta":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"},"unreadNotifications":2}';

/** Just enough of a Fastify reply: headers (case-insensitive) and a status code. */
class FakeReply {
  statusCode = 200;
  readonly headers = new Map<string, string | number | string[]>();

  hasHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }

  getHeader(name: string): string | number | string[] | undefined {
    return this.headers.get(name.toLowerCase());
  }

  header(name: string, value: string | number | string[]): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  code(status: number): this {
    this.statusCode = status;
    return this;
  }
}

function request(method: string, headers: Record<string, string> = {}): FastifyRequest {
  return { method, headers } as unknown as FastifyRequest;
}

type Hook = typeof conditionalGet;

/** Runs a hook and returns what it passed on to `done`. */
function run(hook: Hook, req: FastifyRequest, reply: FakeReply, payload: unknown) {
  const done = jest.fn();
  hook(req, reply as unknown as FastifyReply, payload, done);
  expect(done).toHaveBeenCalledTimes(1);
  const [error, sent] = done.mock.calls[0] as [unknown, unknown];
  expect(error).toBeNull();
  return sent;
}

describe(noStoreUnlessDeclared.name, () => {
  it('adds no-store to an answer that set no cache policy, and passes the payload on', () => {
    const reply = new FakeReply();
    expect(run(noStoreUnlessDeclared, request('GET'), reply, BODY)).toBe(BODY);
    expect(reply.getHeader('cache-control')).toBe('no-store');
  });

  it('leaves a declared policy alone', () => {
    const reply = new FakeReply().header('Cache-Control', 'private, max-age=30');
    expect(run(noStoreUnlessDeclared, request('GET'), reply, BODY)).toBe(BODY);
    expect(reply.getHeader('cache-control')).toBe('private, max-age=30');
  });

  it('also marks an error without a policy no-store', () => {
    const reply = new FakeReply().code(503);
    run(noStoreUnlessDeclared, request('GET'), reply, '{"error":{}}');
    expect(reply.getHeader('cache-control')).toBe('no-store');
  });
});

describe(conditionalGet.name, () => {
  function screenReply(): FakeReply {
    return new FakeReply()
      .header('etag', ETAG)
      .header('cache-control', 'private, max-age=30')
      .header('vary', 'Authorization, X-Display-Scale');
  }

  it.each(['GET', 'HEAD'])('answers %s 304 with an empty body when the ETag matches', (method) => {
    const reply = screenReply();
    expect(run(conditionalGet, request(method, { 'if-none-match': ETAG }), reply, BODY)).toBe('');
    expect(reply.statusCode).toBe(304);
    // The validators and caching headers stay on the 304.
    expect(reply.getHeader('etag')).toBe(ETAG);
    expect(reply.getHeader('cache-control')).toBe('private, max-age=30');
    expect(reply.getHeader('vary')).toBe('Authorization, X-Display-Scale');
  });

  it.each([
    ['the strong form of the tag', ETAG.slice(2)],
    ['a list holding the tag', `"old", ${ETAG}`],
    ['*', '*'],
  ])('answers 304 for %s', (_case, header) => {
    const reply = screenReply();
    expect(run(conditionalGet, request('GET', { 'if-none-match': header }), reply, BODY)).toBe('');
    expect(reply.statusCode).toBe(304);
  });

  it.each<[string, FastifyRequest, () => FakeReply]>([
    ['no If-None-Match', request('GET'), screenReply],
    ['another tag', request('GET', { 'if-none-match': '"other"' }), screenReply],
    ['a POST', request('POST', { 'if-none-match': ETAG }), screenReply],
    ['a PUT', request('PUT', { 'if-none-match': ETAG }), screenReply],
    ['a DELETE', request('DELETE', { 'if-none-match': '*' }), screenReply],
    ['a 201', request('GET', { 'if-none-match': ETAG }), () => screenReply().code(201)],
    ['a 206', request('GET', { 'if-none-match': ETAG }), () => screenReply().code(206)],
    ['an error', request('GET', { 'if-none-match': ETAG }), () => screenReply().code(503)],
    ['a 404', request('GET', { 'if-none-match': '*' }), () => screenReply().code(404)],
    ['an answer without ETag', request('GET', { 'if-none-match': '*' }), () => new FakeReply()],
    [
      'an ETag that is not a string',
      request('GET', { 'if-none-match': ETAG }),
      () => new FakeReply().header('etag', [ETAG]),
    ],
  ])('passes the answer on unchanged for %s', (_case, req, makeReply) => {
    const reply = makeReply();
    const status = reply.statusCode;
    expect(run(conditionalGet, req, reply, BODY)).toBe(BODY);
    expect(reply.statusCode).toBe(status);
  });
});
