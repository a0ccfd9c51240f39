export const IMAGE_WIDTHS = [160, 240, 320, 480, 640] as const;
export type ImageVariantName = `w${(typeof IMAGE_WIDTHS)[number]}`;

export interface Image {
  url: string;
  variants: Record<ImageVariantName, string>;
}

/** `https://img.example/p/p-200`, `jpg` → `.../original.jpg`, variants `.../w160.jpg` and so on. */
export function image(base: string, extension: 'jpg' | 'png'): Image {
  const variants = Object.fromEntries(
    IMAGE_WIDTHS.map((width) => [`w${width}`, `${base}/w${width}.${extension}`]),
  ) as Record<ImageVariantName, string>;
  return { url: `${base}/original.${extension}`, variants };
}
