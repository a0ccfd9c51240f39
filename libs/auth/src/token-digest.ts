import { createHash } from 'node:crypto';

/** What token caches key by: fixed-size keys, and no usable bearer tokens sitting in the heap. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
