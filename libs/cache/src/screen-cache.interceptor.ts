import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, Observable } from 'rxjs';
import type { AuthenticatedUser } from '@app/auth';
import { AppConfig, InjectConfig } from '@app/config';
import { findRequestContext } from '@app/observability';
import { TieredCache } from './tiered-cache';

export interface ScreenCacheOptions {
  /** The platform whose shape is cached; platforms never share entries. */
  platform: 'ios' | 'android';
  /** The screen and its version, e.g. `home` (v1) or `home-v2`. */
  resource: string;
  /** From `schemaVersion(ResponseDto, mapper)`: a new shape never reads an old entry. */
  schemaVersion: string;
  /** Request headers that change the body (e.g. `x-display-scale`), part of the key. */
  varyBy: readonly string[];
}

interface ScreenBody {
  meta?: { traceId?: string; degraded?: boolean; degradedSections?: string[] };
}

const SCREEN_CACHE = Symbol('screenCache');

/**
 * Caches a user's screen for a short while (`CACHE_SCREEN_TTL_MS`, within the contract's
 * `private, max-age=30`) under `<platform>:<resource>:<schema version>:<user id>:<vary...>`.
 * Only complete screens are kept; a degraded one is rebuilt on the next request. Unlike Nest's
 * CacheInterceptor (keyed on the URL alone), nothing user-specific can land under a shared key.
 */
export const CachedScreen = (options: ScreenCacheOptions): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(SCREEN_CACHE, options), UseInterceptors(ScreenCacheInterceptor));

@Injectable()
export class ScreenCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: TieredCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<ScreenCacheOptions | undefined>(
      SCREEN_CACHE,
      context.getHandler(),
    );
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const requestContext = findRequestContext(request);
    const userId = request.user?.userId;
    if (!options || !userId || !requestContext) return next.handle();

    const key = screenKey(
      options,
      userId,
      options.varyBy.map((name) => request.headers[name]),
    );
    const read = this.cache.getOrLoad<ScreenBody>(
      key,
      () => lastValueFrom(next.handle()) as Promise<ScreenBody>,
      {
        ttlMs: this.config.cache.screenTtlMs,
        shouldStore: (body) => body.meta?.degraded !== true,
      },
    );
    return from(read).pipe(
      map(({ value, source }) => {
        requestContext.cacheSource = source;
        requestContext.degradedSections = value.meta?.degradedSections;
        // Shared between requests: never mutate it; this request gets its own trace id.
        return value.meta
          ? { ...value, meta: { ...value.meta, traceId: requestContext.traceId } }
          : value;
      }),
    );
  }
}

export function screenKey(
  options: ScreenCacheOptions,
  userId: string,
  varyValues: ReadonlyArray<string | string[] | undefined>,
): string {
  const scope = [userId, ...varyValues.map((value) => (value === undefined ? '' : String(value)))];
  return [
    options.platform,
    options.resource,
    options.schemaVersion,
    ...scope.map(encodeURIComponent),
  ].join(':');
}
