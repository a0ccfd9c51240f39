import { createHash } from 'node:crypto';

/**
 * A weak ETag of a serialized representation's content. Weak, because what it stands for is the
 * content, not the bytes: `meta` (trace id, time) differs on every answer, and the same content
 * leaves as identity, gzip or brotli. A strong tag shared by those would let a cache take one
 * encoding for another (RFC 9110 §8.8.3); If-None-Match compares weakly anyway.
 */
export function etagOf(serialized: string): string {
  return `W/"${createHash('sha1').update(serialized).digest('base64url')}"`;
}

/** RFC 9110 If-None-Match: `*`, or a list of (weak or strong) tags compared weakly. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}
