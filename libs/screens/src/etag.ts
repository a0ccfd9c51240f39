import { createHash } from 'node:crypto';

/** A strong ETag of a serialized representation. */
export function etagOf(serialized: string): string {
  return `"${createHash('sha1').update(serialized).digest('base64url')}"`;
}

/** RFC 9110 If-None-Match: `*`, or a list of (weak or strong) tags compared weakly. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}
