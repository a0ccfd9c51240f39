/** Accepted signature algorithms. Pinned: the token's own `alg` never widens this list. */
export const PINNED_ALGORITHMS = ['RS256', 'ES256'] as const;
export type PinnedAlgorithm = (typeof PINNED_ALGORITHMS)[number];

export function isPinnedAlgorithm(alg: unknown): alg is PinnedAlgorithm {
  return typeof alg === 'string' && (PINNED_ALGORITHMS as readonly string[]).includes(alg);
}
