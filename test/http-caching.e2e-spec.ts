import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { useBff } from './support/bff-harness';
import { rawRequest } from './support/raw-http';
import { ROUTES } from './support/routes';

describe('HTTP caching and compression', () => {
  const suite = useBff();

  const home = (headers: Record<string, string> = {}) =>
    suite.bff.client.home('ios', { token: suite.token, headers });

  it('marks user-specific screens private, with an ETag that ignores meta', async () => {
    const first = await home();
    const second = await home();
    expect(first.headers['cache-control']).toBe('private, max-age=30');
    expect(first.headers.vary).toContain('Authorization');
    expect(first.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(second.body.meta.traceId).not.toBe(first.body.meta.traceId);
    expect(second.headers.etag).toBe(first.headers.etag);
  });

  it('gives different content a different ETag', async () => {
    const oneX = await home({ 'X-Display-Scale': '1' });
    const threeX = await home({ 'X-Display-Scale': '3' });
    expect(oneX.headers.etag).not.toBe(threeX.headers.etag);
  });

  it('answers 304 without a body to a matching If-None-Match, 200 otherwise', async () => {
    const { headers } = await home();
    const notModified = await home({ 'If-None-Match': headers.etag });
    expect(notModified.status).toBe(304);
    expect(notModified.text ?? '').toBe('');
    expect(notModified.headers.etag).toBe(headers.etag);
    const strong = headers.etag.replace(/^W\//, '');
    expect((await home({ 'If-None-Match': `${strong}, "other"` })).status).toBe(304);
    const changed = await home({ 'If-None-Match': '"stale-tag"' });
    expect(changed.status).toBe(200);
    expect(changed.body.user.userId).toBe('u-1001');
  });

  it('never caches errors', async () => {
    const unauthenticated = await suite.bff.client.home('ios');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers['cache-control']).toBe('no-store');
    expect(unauthenticated.headers.etag).toBeUndefined();
    const invalid = await home({ 'X-Display-Scale': '7' });
    expect(invalid.headers['cache-control']).toBe('no-store');
  });

  it('marks the probes no-store', async () => {
    expect((await suite.bff.client.ready()).headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ])('compresses with %s when the client accepts it', async (encoding, decompress) => {
    // Raw, so the test sees the bytes on the wire (supertest would decode them).
    const response = await rawRequest(`${suite.bff.baseUrl}${ROUTES.home('android')}`, {
      headers: { authorization: `Bearer ${suite.token}`, 'accept-encoding': encoding },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    const body = JSON.parse(decompress(response.bytes).toString()) as { user: { userId: string } };
    expect(body.user.userId).toBe('u-1001');
  });

  it('sends identity when the client accepts no compression', async () => {
    const response = await rawRequest(`${suite.bff.baseUrl}${ROUTES.home('android')}`, {
      headers: { authorization: `Bearer ${suite.token}` },
    });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(response.body) as { user: { userId: string } }).user.userId).toBe('u-1001');
  });
});
