import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { readBoundedBody } from './bounded-body';
import { UnacceptableBody } from './downstream-failures';

const LIMITS = { maxBytes: 1024, maxDepth: 8 };

/** A body that hands out `bytes` in pieces of `pieceSize`, counting what was taken from it. */
function bodyOf(bytes: Buffer, pieceSize = 256) {
  let offset = 0;
  const body = new Readable({
    read() {
      this.push(offset < bytes.length ? bytes.subarray(offset, (offset += pieceSize)) : null);
    },
  });
  return { body, taken: () => Math.min(offset, bytes.length) };
}

const read = (bytes: Buffer, headers: Record<string, string> = {}, limits = LIMITS) =>
  readBoundedBody(bodyOf(bytes, 7).body, headers, limits);

describe('readBoundedBody', () => {
  const json = Buffer.from(JSON.stringify({ name: 'Zoë 名前', tags: [['a'], ['b']] }));

  it('reads a body that arrives in pieces, multi-byte characters split between them', async () => {
    await expect(read(json)).resolves.toBe(json.toString('utf8'));
    await expect(read(json, { 'content-encoding': 'identity' })).resolves.toBe(json.toString());
  });

  it('refuses a body over the limit as it arrives, and stops reading it', async () => {
    const large = Buffer.alloc(LIMITS.maxBytes * 8, ' ');
    const { body, taken } = bodyOf(large);
    await expect(readBoundedBody(body, {}, LIMITS)).rejects.toThrow(UnacceptableBody);
    expect(taken()).toBeLessThanOrEqual(LIMITS.maxBytes + 256);
    expect(body.destroyed).toBe(true);
    await expect(read(Buffer.alloc(LIMITS.maxBytes, ' '))).resolves.toHaveLength(LIMITS.maxBytes);
  });

  it('refuses a Content-Length over the limit without reading a byte', async () => {
    const { body, taken } = bodyOf(json);
    const headers = { 'content-length': String(LIMITS.maxBytes + 1) };
    await expect(readBoundedBody(body, headers, LIMITS)).rejects.toThrow(UnacceptableBody);
    expect(taken()).toBe(0);
    expect(body.destroyed).toBe(true);
  });

  it('refuses a body nested deeper than the limit', async () => {
    const deep = Buffer.from(`${'['.repeat(9)}${']'.repeat(9)}`);
    await expect(read(deep)).rejects.toThrow(UnacceptableBody);
    await expect(read(deep.subarray(1, -1))).resolves.toBe('[[[[[[[[]]]]]]]]');
  });

  it.each([
    ['gzip', gzipSync],
    ['GZIP', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes %s, and counts the bytes decoded against the limit', async (coding, encode) => {
    await expect(read(encode(json), { 'content-encoding': coding })).resolves.toBe(
      json.toString('utf8'),
    );
    const inflated = Buffer.alloc(LIMITS.maxBytes + 1, ' ');
    expect(encode(inflated).length).toBeLessThan(LIMITS.maxBytes);
    await expect(read(encode(inflated), { 'content-encoding': coding })).rejects.toThrow(
      UnacceptableBody,
    );
  });

  it('stops inflating a bomb at the limit: most of it is never even received', async () => {
    // 512 gzip members of 1 MiB of zeros each: 512 KiB that would inflate to 512 MiB.
    const bomb = Buffer.concat(Array<Buffer>(512).fill(gzipSync(Buffer.alloc(1 << 20))));
    const { body, taken } = bodyOf(bomb, 1024);
    const limits = { maxBytes: 1 << 20, maxDepth: 8 };
    await expect(readBoundedBody(body, { 'content-encoding': 'gzip' }, limits)).rejects.toThrow(
      UnacceptableBody,
    );
    expect(taken()).toBeLessThan(bomb.length / 10);
    expect(body.destroyed).toBe(true);
  });

  it.each(['zstd', 'gzip, br', 'constructor'])(
    'refuses a coding it cannot decode (%s)',
    async (coding) => {
      const { body } = bodyOf(gzipSync(json));
      await expect(readBoundedBody(body, { 'content-encoding': coding }, LIMITS)).rejects.toThrow(
        UnacceptableBody,
      );
      expect(body.destroyed).toBe(true);
    },
  );

  it('refuses a body the decoder cannot read (corrupt or cut short)', async () => {
    const gzipped = gzipSync(json);
    await expect(read(gzipped.subarray(0, -12), { 'content-encoding': 'gzip' })).rejects.toThrow(
      UnacceptableBody,
    );
    await expect(read(json, { 'content-encoding': 'gzip' })).rejects.toThrow(UnacceptableBody);
  });

  it.each([undefined, 'gzip'])(
    'passes a failure of the body itself on as it is (coding %s)',
    async (coding) => {
      const reset = new Error('socket reset');
      const body = new Readable({ read: () => undefined });
      const reading = readBoundedBody(body, coding ? { 'content-encoding': coding } : {}, LIMITS);
      body.push(coding ? gzipSync(json).subarray(0, 10) : json.subarray(0, 10));
      setImmediate(() => body.destroy(reset));
      await expect(reading).rejects.toBe(reset);
    },
  );
});
