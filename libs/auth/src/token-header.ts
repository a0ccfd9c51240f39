import { decodeProtectedHeader } from 'jose';
import { isPinnedAlgorithm, PinnedAlgorithm } from './algorithms';

/**
 * The token's `kid` and `alg`, read (never trusted) from its header; undefined when the header is
 * unreadable, has no kid or names an algorithm that is not pinned.
 */
export function pinnedHeaderOf(token: unknown): { kid: string; alg: PinnedAlgorithm } | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const { kid, alg } = decodeProtectedHeader(token);
    return isPinnedAlgorithm(alg) && typeof kid === 'string' && kid !== ''
      ? { kid, alg }
      : undefined;
  } catch {
    return undefined;
  }
}
