import type { OpenAPIObject } from '@nestjs/swagger';
import type { Platform } from './platform';

/** Marks, in a generated document, the operations whose images the display header sizes. */
export const DISPLAY_HEADER_EXTENSION = 'x-device-images';

/**
 * Documents the platform's display header on every operation @Screen marked as picking images:
 * a screen class may serve both platforms, so its decorators cannot name the header themselves.
 */
export function documentDisplayHeaders(document: OpenAPIObject, platform: Platform): void {
  const header = platform.display.apiHeader('Picks the image sizes for this device');
  // A named enum (X-Display-Scale → DisplayScale), so generated clients get a type for it.
  const enumName = (header.name ?? platform.display.name).replace(/^X-/, '').replace(/-/g, '');
  const components = (document.components ??= {});
  components.schemas = {
    ...components.schemas,
    [enumName]: { type: 'string', enum: header.enum as string[] },
  };
  for (const path of Object.values(document.paths)) {
    const operation = path.get as (typeof path.get & Record<string, unknown>) | undefined;
    if (!operation?.[DISPLAY_HEADER_EXTENSION]) continue;
    delete operation[DISPLAY_HEADER_EXTENSION];
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        name: header.name ?? platform.display.name,
        in: 'header',
        required: false,
        description: header.description,
        schema: { $ref: `#/components/schemas/${enumName}` },
      },
    ];
  }
}
