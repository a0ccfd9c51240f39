import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { TieredCache } from '@app/cache';
import { AppConfig, InjectConfig } from '@app/config';
import { findRequestContext, RequestContext, Telemetry } from '@app/telemetry';
import { InjectPlatform, Platform } from './platform';
import { screenJson, serializeScreen, SerializedScreen } from './screen-body';
import { rememberDisplayFactor } from './screen-call';
import {
  DEFAULT_CLIENT_MAX_AGE_SEC,
  nameOf,
  ScreenDefinition,
  screenDefinitionOf,
  versionOf,
} from './screen-definition';
import { ScreenVersions } from './screen-versions';

type ScreenRequest = FastifyRequest & { user?: { userId: string } };

/**
 * Serves a screen: from the per-user screen cache under
 * `<platform>:<path>:<version>:<user>:<display choice>[:<url>]` when it holds a complete answer,
 * else by rendering it (one render per key at a time). The body is serialized and its ETag
 * computed once, when rendered; a degraded screen is never stored. Unlike Nest's CacheInterceptor
 * (keyed on the URL alone), nothing user-specific can land under a shared key. Screens declared
 * `cached: false` are rendered on every call, with the same headers.
 */
@Injectable()
export class ScreenInterceptor implements NestInterceptor<object, string> {
  private readonly answers = new Map<ScreenDefinition, ScreenAnswer>();

  constructor(
    @InjectPlatform() private readonly platform: Platform,
    private readonly cache: TieredCache,
    private readonly versions: ScreenVersions,
    private readonly telemetry: Telemetry,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler<object>): Observable<string> {
    const screen = screenDefinitionOf(context.getClass());
    const http = context.switchToHttp();
    const request = http.getRequest<ScreenRequest>();
    const requestContext = findRequestContext(request);
    if (!requestContext) throw new Error('the telemetry hooks are not registered');
    // A bad display header is a 400 before any work (and before any cache key is built).
    const { display: header } = this.platform;
    const display = screen.images ? header.choose(request.headers[header.key]) : undefined;
    if (display) rememberDisplayFactor(request, display.factor);
    const userId = screen.access === 'public' ? undefined : request.user?.userId;
    const render = async () => serializeScreen(await lastValueFrom(next.handle()));
    const read =
      screen.cached === false
        ? render().then((value) => ({ value, source: 'none' }))
        : this.cache.getOrLoad(this.keyOf(screen, request.url, userId, display?.choice), render, {
            ttlMs: this.config.cache.screenTtlMs,
            shouldStore: (rendered) => rendered.degradedSections.length === 0,
          });
    return from(
      read.then(({ value, source }) =>
        this.answer(
          http.getResponse<FastifyReply>(),
          requestContext,
          screen,
          userId,
          value,
          source,
        ),
      ),
    );
  }

  private keyOf(
    screen: ScreenDefinition,
    url: string,
    userId: string | undefined,
    displayChoice: string | undefined,
  ): string {
    const key = [
      this.platform.name,
      screen.path,
      this.versions.versionOf(this.platform.name, screen),
      encodeURIComponent(userId ?? ''),
      displayChoice ?? '',
    ].join(':');
    // The URL only adds what varies within one route (parameters, query); home has none.
    return url === `/${this.platform.name}/${screen.path}`
      ? key
      : `${key}:${encodeURIComponent(url)}`;
  }

  private answer(
    reply: FastifyReply,
    context: RequestContext,
    screen: ScreenDefinition,
    userId: string | undefined,
    rendered: SerializedScreen,
    source: string,
  ): string {
    const answer = this.answerOf(screen);
    this.telemetry.screenServed(context, {
      ...answer.identity,
      degradedSections: rendered.degradedSections,
      cache: source,
    });
    // Shared by anyone only when the caller is not part of the answer.
    const cacheControl =
      userId === undefined && screen.access !== undefined
        ? answer.publicCache
        : answer.privateCache;
    void reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', cacheControl)
      .header('etag', rendered.etag);
    if (answer.vary) {
      // Added to what the edge already said varies (CORS: Origin), never written over it.
      const sent = reply.getHeader('vary');
      void reply.header('vary', typeof sent === 'string' ? `${sent}, ${answer.vary}` : answer.vary);
    }
    for (const [name, value] of answer.headers) void reply.header(name, value);
    return screenJson(rendered, context.traceId);
  }

  /** What every answer of a screen says the same way, worked out once per screen. */
  private answerOf(screen: ScreenDefinition): ScreenAnswer {
    let answer = this.answers.get(screen);
    if (!answer) {
      answer = screenAnswer(screen, this.platform, this.config.api.v1HomeSunset);
      this.answers.set(screen, answer);
    }
    return answer;
  }
}

interface ScreenAnswer {
  /** Who answered, as telemetry counts it. */
  readonly identity: { platform: string; screen: string; version: string };
  readonly publicCache: string;
  readonly privateCache: string;
  /** The request headers that change the body; empty when none does. */
  readonly vary: string;
  /** A deprecated screen's Deprecation, Sunset and Link. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

function screenAnswer(screen: ScreenDefinition, platform: Platform, sunset: Date): ScreenAnswer {
  const maxAge = screen.clientMaxAgeSec ?? DEFAULT_CLIENT_MAX_AGE_SEC;
  // Every request header that changes the body: the token (unless public), display, the rest.
  // (Accept-Encoding is added at the edge, to every answer: see apps/bff/src/edge.)
  const vary = [
    ...(screen.access === 'public' ? [] : ['Authorization']),
    ...(screen.images ? [platform.display.name] : []),
    ...(screen.varies ?? []),
  ].join(', ');
  const headers: Array<[string, string]> = [];
  if (screen.deprecated) {
    const { since, successor } = screen.deprecated;
    headers.push(
      ['deprecation', `@${Math.floor(since.getTime() / 1000)}`],
      ['sunset', sunset.toUTCString()],
      ['link', `</${platform.name}/${successor}>; rel="successor-version"`],
    );
  }
  return {
    identity: {
      platform: platform.name,
      screen: nameOf(screen.path),
      version: versionOf(screen.path),
    },
    publicCache: `public, max-age=${maxAge}`,
    privateCache: `private, max-age=${maxAge}`,
    vary,
    headers,
  };
}
