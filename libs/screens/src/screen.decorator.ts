import {
  applyDecorators,
  Controller,
  Get,
  SetMetadata,
  Type,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@app/errors';
import type { ScreenCall } from './screen-call';
import { ScreenCallParam } from './screen-call';
import {
  DEFAULT_CLIENT_MAX_AGE_SEC,
  SCREEN,
  ScreenDefinition,
  ScreenOptions,
} from './screen-definition';
import { ScreenInterceptor } from './screen.interceptor';

/** A screen class: one route, answered by `render`. */
export type ScreenClass = Type<{ render(call: ScreenCall, ...params: never[]): Promise<unknown> }>;

/** Statuses every screen may answer: a bad header or parameter, no valid token, rate limited. */
const COMMON_ERRORS = [400, 401, 429];

/**
 * Declares a screen in one line: its route (below the platform's prefix), its response, its
 * display header and its error statuses. It makes the class a controller whose `render(call)`
 * answers `GET <path>` through the ScreenInterceptor (per-user cache, ETag, Cache-Control, Vary
 * on the display header), and documents all of it in the platform's OpenAPI document. The
 * platform itself comes from the module that registers the class (its PLATFORM provider).
 */
export function Screen(path: string, response: Type, options: ScreenOptions = {}) {
  return (screen: ScreenClass): void => {
    const definition: ScreenDefinition = { ...options, path, response, screen };
    const maxAge = options.clientMaxAgeSec ?? DEFAULT_CLIENT_MAX_AGE_SEC;
    applyDecorators(
      Controller(path),
      SetMetadata(SCREEN, definition),
      UseInterceptors(ScreenInterceptor),
      ApiTags(tagOf(path)),
      ApiBearerAuth(),
      ApiErrorResponses(...COMMON_ERRORS, ...(options.errors ?? [])),
      ...(options.display
        ? [ApiHeader(options.display.apiHeader('Picks the image sizes for this device'))]
        : []),
    )(screen);
    const prototype = screen.prototype as object;
    const render = Object.getOwnPropertyDescriptor(prototype, 'render');
    if (!render) throw new Error(`${screen.name} needs a render(call: ScreenCall) method`);
    applyDecorators(
      Get(),
      // On the method: a class-level 200 would be replaced by the generator's default one.
      ApiOkResponse({
        type: response,
        headers: {
          ETag: { description: 'Depends on the content only; send it back as If-None-Match' },
          'Cache-Control': { description: `private, max-age=${maxAge}` },
        },
      }),
    )(prototype, 'render', render);
    ScreenCallParam()(prototype, 'render', 0);
  };
}

/** `v1/home` → `home`, `v1/products/:productId` → `products`. */
function tagOf(path: string): string {
  return path.split('/').find((part) => !/^v\d+$/.test(part) && !part.startsWith(':')) ?? path;
}
