import type { Image } from '@app/downstream';

/** Base widths (points/dp) from the contract, multiplied by the device's scale factor. */
export const IMAGE_BASE = { thumbnail: 160, avatar: 160, productDetail: 320 } as const;
export type ImageRole = keyof typeof IMAGE_BASE;

const VARIANT_KEY = /^w(\d+)$/;

/**
 * The smallest variant at least `base × factor` pixels wide, else the largest one; the original
 * URL only when the image has no usable variants at all.
 */
export function pickImageVariant(
  image: Image | null | undefined,
  role: ImageRole,
  factor: number,
): string | null {
  if (!image) return null;
  const wanted = IMAGE_BASE[role] * factor;
  let best: { width: number; url: string } | undefined;
  let largest: { width: number; url: string } | undefined;
  for (const [key, url] of Object.entries(image.variants ?? {})) {
    const match = VARIANT_KEY.exec(key);
    if (!match || typeof url !== 'string') continue;
    const width = Number(match[1]);
    if (width >= wanted && (!best || width < best.width)) best = { width, url };
    if (!largest || width > largest.width) largest = { width, url };
  }
  return best?.url ?? largest?.url ?? (typeof image.url === 'string' ? image.url : null);
}
