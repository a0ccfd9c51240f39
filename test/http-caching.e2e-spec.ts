import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { useBff } from './support/bff-harness';

/** A raw GET, so the test sees the bytes on the wire (supertest would decode them). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      httpRequest(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
        .on('error', reject)
        .end();
    },
  );
}

describe('HTTP caching and compression', () => {
  const suite = useBff();

  const home = (headers: Record<string, string> = {}) =>
    suite.bff.http.get('/ios/v1/home').auth(suite.token, { type: 'bearer' }).set(headers);

  it('marks user-specific screens private, with an ETag that ignores meta', async () => {
    const first = await home();
    const second = await home();
    expect(first.headers['cache-control']).toBe('private, max-age=30');
    expect(first.headers.vary).toContain('Authorization');
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
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
    expect((await home({ 'If-None-Match': `W/${headers.etag}, "other"` })).status).toBe(304);
    const changed = await home({ 'If-None-Match': '"stale-tag"' });
    expect(changed.status).toBe(200);
    expect(changed.body.user.userId).toBe('u-1001');
  });

  it('never caches errors', async () => {
    const unauthenticated = await suite.bff.http.get('/ios/v1/home');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers['cache-control']).toBe('no-store');
    expect(unauthenticated.headers.etag).toBeUndefined();
    const invalid = await home({ 'X-Display-Scale': '7' });
    expect(invalid.headers['cache-control']).toBe('no-store');
  });

  it('marks the probes no-store', async () => {
    expect((await suite.bff.http.get('/health/ready')).headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ])('compresses with %s when the client accepts it', async (encoding, decompress) => {
    const response = await rawGet(`${suite.bff.baseUrl}/android/v1/home`, {
      authorization: `Bearer ${suite.token}`,
      'accept-encoding': encoding,
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    const body = JSON.parse(decompress(response.body).toString()) as { user: { userId: string } };
    expect(body.user.userId).toBe('u-1001');
  });

  it('sends identity when the client accepts no compression', async () => {
    const response = await rawGet(`${suite.bff.baseUrl}/android/v1/home`, {
      authorization: `Bearer ${suite.token}`,
    });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(response.body.toString()) as { user: { userId: string } }).user.userId).toBe(
      'u-1001',
    );
  });
});
