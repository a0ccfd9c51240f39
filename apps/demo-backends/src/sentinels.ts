/**
 * Values planted in every internal (and every undocumented) downstream field. Tests search the
 * BFF's responses for them: finding one means an internal field leaked to a phone.
 */
export const INTERNAL_SENTINEL = 'INTERNAL-SENTINEL-9c1f';
export const INTERNAL_NUMERIC_SENTINEL = 987654.321;

/** A field no contract names: services may add fields at any time and the BFF must drop them. */
export const FUTURE_FIELD = { x_future_internal: INTERNAL_SENTINEL } as const;
