import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { TieredCache } from '@app/cache';
import { AppConfig, InjectConfig } from '@app/config';
import { findRequestContext, RequestContext, Telemetry } from '@app/telemetry';
import { InjectPlatform, Platform } from './platform';
import { screenJson, serializeScreen, SerializedScreen } from './screen-body';
import {
  DEFAULT_CLIENT_MAX_AGE_SEC,
  ScreenDefinition,
  screenDefinitionOf,
} from './screen-definition';
import { ScreenVersions } from './screen-versions';

type ScreenRequest = FastifyRequest & { user?: { userId: string } };
type RenderedScreen = { meta: { traceId: string; degradedSections: readonly string[] } };

/**
 * Serves a screen: from the per-user screen cache under
 * `<platform>:<path>:<version>:<user>:<display choice>` when it holds a complete answer, else by
 * rendering it (one render per key at a time). The body is serialized and its ETag computed once,
 * when rendered; a degraded screen is never stored. Unlike Nest's CacheInterceptor (keyed on the
 * URL alone), nothing user-specific can land under a shared key.
 */
@Injectable()
export class ScreenInterceptor implements NestInterceptor<RenderedScreen, string> {
  constructor(
    @InjectPlatform() private readonly platform: Platform,
    private readonly cache: TieredCache,
    private readonly versions: ScreenVersions,
    private readonly telemetry: Telemetry,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler<RenderedScreen>): Observable<string> {
    const screen = screenDefinitionOf(context.getClass());
    const http = context.switchToHttp();
    const request = http.getRequest<ScreenRequest>();
    const requestContext = findRequestContext(request);
    if (!requestContext) throw new Error('the telemetry hooks are not registered');
    // A bad display header is a 400 before any work (and before any cache key is built).
    const display = screen.display?.choose(request.headers[screen.display.key]);
    const key = [
      this.platform.name,
      screen.path,
      this.versions.versionOf(this.platform.name, screen),
      encodeURIComponent(request.user?.userId ?? ''),
      display?.choice ?? '',
    ].join(':');
    const read = this.cache.getOrLoad(
      key,
      async () => serializeScreen(await lastValueFrom(next.handle())),
      {
        ttlMs: this.config.cache.screenTtlMs,
        shouldStore: (rendered) => rendered.degradedSections.length === 0,
      },
    );
    return from(
      read.then(({ value, source }) =>
        this.answer(http.getResponse<FastifyReply>(), requestContext, screen, value, source),
      ),
    );
  }

  private answer(
    reply: FastifyReply,
    context: RequestContext,
    screen: ScreenDefinition,
    rendered: SerializedScreen,
    source: string,
  ): string {
    this.telemetry.screenServed(context, {
      degradedSections: rendered.degradedSections,
      cache: source,
    });
    const maxAge = screen.clientMaxAgeSec ?? DEFAULT_CLIENT_MAX_AGE_SEC;
    void reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', `private, max-age=${maxAge}`)
      .header('vary', screen.display ? `Authorization, ${screen.display.name}` : 'Authorization')
      .header('etag', rendered.etag);
    return screenJson(rendered, context.traceId);
  }
}
