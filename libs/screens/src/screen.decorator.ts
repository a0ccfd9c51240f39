import {
  applyDecorators,
  Controller,
  Get,
  SetMetadata,
  Type,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Public, TokenOptional } from '@app/auth';
import { ApiErrorResponses } from '@app/errors';
import type { ScreenCall } from './screen-call';
import { ScreenCallParam } from './screen-call';
import {
  DEFAULT_CLIENT_MAX_AGE_SEC,
  nameOf,
  SCREEN,
  ScreenAccess,
  ScreenDefinition,
  ScreenOptions,
} from './screen-definition';
import { DISPLAY_HEADER_EXTENSION } from './display-header-docs';
import { ScreenInterceptor } from './screen.interceptor';

/** A screen class: one route, answered by `render`. */
export type ScreenClass = Type<{ render(call: ScreenCall, ...params: never[]): Promise<unknown> }>;

/** Statuses every screen may answer: a bad header or parameter, no valid token, rate limited. */
const COMMON_ERRORS = [400, 401, 429];

/** How each access level is declared to the authentication guards. */
const ACCESS_DECORATORS: Record<ScreenAccess, ClassDecorator[]> = {
  user: [ApiBearerAuth()],
  // `{}` is OpenAPI's "or no credentials at all".
  optional: [TokenOptional(), ApiBearerAuth(), ApiSecurity({})],
  public: [Public(), ApiSecurity({})],
};

/**
 * Declares a screen in one line: its route (below the platform's prefix), its response, its
 * display header, who may call it and its error statuses. It makes the class a controller whose
 * `render(call, ...params)` answers `GET <path>` through the ScreenInterceptor (per-user cache,
 * ETag, Cache-Control, Vary), and documents all of it in the platform's OpenAPI document. The
 * platform itself comes from the module that registers the class (its PLATFORM provider).
 * Further parameters of `render` take Nest's own decorators (`@Param`, `@Query` with a DTO).
 */
export function Screen(path: string, response: Type, options: ScreenOptions) {
  return (screen: ScreenClass): void => {
    const definition: ScreenDefinition = { ...options, path, response, screen };
    const maxAge = options.clientMaxAgeSec ?? DEFAULT_CLIENT_MAX_AGE_SEC;
    const access = options.access ?? 'user';
    applyDecorators(
      Controller(path),
      SetMetadata(SCREEN, definition),
      UseInterceptors(ScreenInterceptor),
      ApiTags(nameOf(path)),
      ...ACCESS_DECORATORS[access],
      ApiErrorResponses(...COMMON_ERRORS, ...(options.errors ?? [])),
    )(screen);
    const prototype = screen.prototype as object;
    const render = Object.getOwnPropertyDescriptor(prototype, 'render');
    if (!render) throw new Error(`${screen.name} needs a render(call: ScreenCall) method`);
    applyDecorators(
      Get(),
      ApiOperation({
        operationId: options.operationId,
        summary: options.summary,
        ...(options.deprecated && { deprecated: true }),
      }),
      // Which header that is depends on the platform document: see documentDisplayHeaders.
      ...(options.images ? [ApiExtension(DISPLAY_HEADER_EXTENSION, true)] : []),
      ApiHeader({
        name: 'If-None-Match',
        required: false,
        description: 'The ETag of the answer the app holds: 304 without a body if it is current',
      }),
      ApiResponse({ status: 304, description: 'Not modified: the ETag sent is still current' }),
      // On the method: a class-level 200 would be replaced by the generator's default one.
      ApiOkResponse({
        type: response,
        headers: {
          ETag: {
            description:
              'Weak (W/"…"): depends on the content only, whatever the encoding; send it back as If-None-Match',
            schema: { type: 'string' },
          },
          'Cache-Control': {
            description: cacheControlDescription(access, maxAge),
            schema: { type: 'string' },
          },
          ...(options.deprecated && DEPRECATION_HEADERS),
        },
        ...(options.deprecated && {
          description: `Deprecated: use ${options.deprecated.successor}`,
        }),
      }),
    )(prototype, 'render', render);
    ScreenCallParam()(prototype, 'render', 0);
  };
}

const DEPRECATION_HEADERS = {
  Deprecation: {
    description: 'When this version was deprecated (RFC 9745), e.g. @1796169600',
    schema: { type: 'string' },
  },
  Sunset: {
    description: 'When this version stops answering (RFC 8594), an HTTP date',
    schema: { type: 'string' },
  },
  Link: {
    description: 'rel="successor-version": the route to move to',
    schema: { type: 'string' },
  },
};

function cacheControlDescription(access: ScreenAccess, maxAge: number): string {
  return access === 'user'
    ? `private, max-age=${maxAge}`
    : `public, max-age=${maxAge} for anonymous callers; private when the answer depends on the caller`;
}
