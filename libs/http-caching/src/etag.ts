import { createHash } from 'node:crypto';

/**
 * A strong ETag of what the client renders: the body without `meta`, whose trace id and
 * generation time change on every response while the content does not.
 */
export function contentEtag(body: unknown): string {
  const content =
    typeof body === 'object' && body !== null && 'meta' in body
      ? { ...body, meta: undefined }
      : body;
  return `"${createHash('sha1')
    .update(JSON.stringify(content) ?? '')
    .digest('base64url')}"`;
}

/** RFC 9110 If-None-Match: `*`, or a list of (weak or strong) tags compared weakly. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}
