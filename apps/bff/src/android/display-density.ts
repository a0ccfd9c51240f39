import type { ApiHeaderOptions } from '@nestjs/swagger';
import { ChoiceHeader } from '@app/presentation';

/** Android density buckets and the image size factor each stands for. */
const DENSITIES: Readonly<Record<string, number>> = {
  mdpi: 1,
  hdpi: 1.5,
  xhdpi: 2,
  xxhdpi: 3,
  xxxhdpi: 4,
};
const DEFAULT_DENSITY = 'xxhdpi';
const HEADER = 'X-Display-Density';

/** The image size factor from `X-Display-Density` (400 on an unknown value). */
export const DisplayDensity = (): ParameterDecorator =>
  ChoiceHeader(HEADER, DENSITIES, DEFAULT_DENSITY);

export const DISPLAY_DENSITY_DOC: ApiHeaderOptions = {
  name: HEADER,
  required: false,
  enum: Object.keys(DENSITIES),
  description: `Screen density bucket used to pick image sizes (default ${DEFAULT_DENSITY})`,
};
