import type { ApiHeaderOptions } from '@nestjs/swagger';
import { ChoiceHeader } from '@app/presentation';

/** iOS sends its screen scale; it is the image size factor as is. */
const SCALES: Readonly<Record<string, number>> = { '1': 1, '2': 2, '3': 3 };
const DEFAULT_SCALE = '3';
const HEADER = 'X-Display-Scale';

/** The image size factor from `X-Display-Scale` (400 on an unknown value). */
export const DisplayScale = (): ParameterDecorator => ChoiceHeader(HEADER, SCALES, DEFAULT_SCALE);

export const DISPLAY_SCALE_DOC: ApiHeaderOptions = {
  name: HEADER,
  required: false,
  enum: Object.keys(SCALES),
  description: `Screen scale used to pick image sizes (default ${DEFAULT_SCALE})`,
};
