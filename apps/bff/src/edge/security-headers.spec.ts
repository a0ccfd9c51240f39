import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadConfig } from '@app/config';
import { securityHeaders, securityHeadersHook } from './security-headers';

const edgeWith = (hstsMaxAgeSec: string) =>
  loadConfig({ NODE_ENV: 'test', HSTS_MAX_AGE_SEC: hstsMaxAgeSec }).edge;

describe(securityHeaders.name, () => {
  it('gives the JSON API exactly what a JSON client has a use for', async () => {
    const { api } = await securityHeaders(edgeWith('31536000'));
    expect(api).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
    });
  });

  it('sends no Strict-Transport-Security when its max-age is 0', async () => {
    const { api, docs } = await securityHeaders(edgeWith('0'));
    expect(Object.keys(api)).not.toContain('strict-transport-security');
    expect(Object.keys(docs)).not.toContain('strict-transport-security');
  });

  it('gives the Swagger UI a page policy that loads from the BFF only', async () => {
    const { docs } = await securityHeaders(edgeWith('600'));
    expect(docs).toMatchObject({
      'content-security-policy':
        "default-src 'none';script-src 'self';style-src 'self' 'unsafe-inline';" +
        "img-src 'self' data:;connect-src 'self';form-action 'self';base-uri 'none';" +
        "frame-ancestors 'none'",
      'strict-transport-security': 'max-age=600; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
  });
});

describe(securityHeadersHook.name, () => {
  const headers = { api: { 'x-set': 'api' }, docs: { 'x-set': 'docs' } };

  function setFor(url: string): unknown {
    const reply = { headers: jest.fn() };
    const done = jest.fn();
    const hook = securityHeadersHook(headers) as unknown as (
      request: FastifyRequest,
      reply: FastifyReply,
      done: () => void,
    ) => void;
    hook({ url } as FastifyRequest, reply as unknown as FastifyReply, done);
    expect(done).toHaveBeenCalledTimes(1);
    return reply.headers.mock.calls[0]?.[0];
  }

  it.each([
    ['/ios/v1/home', headers.api],
    ['/health/ready', headers.api],
    ['/docs', headers.docs],
    ['/docs/ios', headers.docs],
    ['/docs/swagger-ui-bundle.js', headers.docs],
  ])('sets on %s its set', (url, expected) => {
    expect(setFor(url)).toBe(expected);
  });
});
