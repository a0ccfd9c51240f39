import { createHmac } from 'node:crypto';

export const base64url = (value: string | Buffer): string =>
  Buffer.from(value).toString('base64url');

/**
 * A token assembled by hand, for the shapes no honest library would sign: `sign` turns the signing
 * input into the third segment (empty by default, as for alg:none).
 */
export function handmadeToken(
  header: object,
  payload: object,
  sign: (input: string) => string = () => '',
): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${sign(input)}`;
}

/** Signs a handmade token with HMAC-SHA256 and `secret` (e.g. a public key misused as one). */
export const hmacSha256 =
  (secret: string) =>
  (input: string): string =>
    createHmac('sha256', secret).update(input).digest('base64url');
