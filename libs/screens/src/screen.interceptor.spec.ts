import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyReply, FastifyRequest } from 'fastify';
import crypto from 'node:crypto';
import { lastValueFrom, of } from 'rxjs';
import type { CachePolicy, CacheSource, Load, TieredCache } from '@app/cache';
import { loadConfig } from '@app/config';
import type { DownstreamEvents } from '@app/downstream';
import { ValidationFailedError } from '@app/errors';
import { DisplayHeader } from '@app/presentation';
import { BffMetrics, findRequestContext, RequestTracing, Telemetry } from '@app/telemetry';
import { etagOf } from './etag';
import type { Platform } from './platform';
import type { AnyoneScreenCall, ScreenCall } from './screen-call';
import { screenDefinitionOf } from './screen-definition';
import type { SerializedScreen } from './screen-body';
import { Screen, ScreenClass } from './screen.decorator';
import { ScreenInterceptor } from './screen.interceptor';
import type { ScreenVersions } from './screen-versions';

const config = loadConfig({ NODE_ENV: 'test' });
const VERSION = '9e107d9d372b';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;

/** What every screen must say about itself in the document; irrelevant to serving it. */
const DOCS = { operationId: 'getTest', summary: 'A test screen' };

const SCALE = new DisplayHeader('X-Display-Scale', { '1': 1, '2': 2, '3': 3 }, '3');

class HomeResponse {}

@Screen('v1/home', HomeResponse, { ...DOCS, images: true, errors: [503] })
class HomeTestScreen {
  render(_call: ScreenCall): Promise<unknown> {
    return Promise.resolve({});
  }
}

@Screen('v1/config', HomeResponse, { ...DOCS, clientMaxAgeSec: 10 })
class PlainTestScreen {
  render(_call: ScreenCall): Promise<unknown> {
    return Promise.resolve({});
  }
}

@Screen('v1/products/:productId', HomeResponse, {
  ...DOCS,
  access: 'optional',
  images: true,
  varies: ['Accept-Language'],
  clientMaxAgeSec: 60,
  cached: false,
})
class SharedTestScreen {
  render(_call: AnyoneScreenCall): Promise<unknown> {
    return Promise.resolve({});
  }
}

@Screen('v1/flags', HomeResponse, {
  ...DOCS,
  access: 'public',
  varies: ['X-App-Version'],
  cached: false,
})
class PublicTestScreen {
  render(_call: AnyoneScreenCall): Promise<unknown> {
    return Promise.resolve({});
  }
}

const SUNSET_CONFIG = loadConfig({ NODE_ENV: 'test', API_V1_HOME_SUNSET: '2031-12-31T00:00:00Z' });

@Screen('v1/home', HomeResponse, {
  ...DOCS,
  deprecated: { successor: 'v2/home', since: new Date('2031-06-01T00:00:00Z') },
})
class RetiringTestScreen {
  render(_call: ScreenCall): Promise<unknown> {
    return Promise.resolve({});
  }
}

/** A screen cache entry that no serializer or hash could have produced: any re-work shows. */
const STORED: SerializedScreen = {
  content: '{"sentinelContent":"stored-✓ not re-serialized","n":1}',
  meta: '{"generatedAt":"sentinel-generated-at","degraded":false,"degradedSections":[]}',
  etag: '"sentinel-etag:not-a-sha1"',
  degradedSections: [],
};

/** Just enough of a Fastify reply for the interceptor: chained, case-insensitive headers. */
class FakeReply {
  statusCode = 200;
  readonly headers = new Map<string, string>();

  header(name: string, value: string): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }
}

/** The TieredCache's contract as the interceptor uses it: answer from the store, else load. */
class FakeScreenCache {
  readonly stored = new Map<string, SerializedScreen>();
  readonly reads: Array<{ key: string; policy: CachePolicy<SerializedScreen> }> = [];
  /** Every value the loader produced (rendered and serialized). */
  readonly loaded: SerializedScreen[] = [];
  /** Which tier a stored entry is said to come from. */
  tier: CacheSource = 'memory';

  async getOrLoad(
    key: string,
    load: Load<SerializedScreen>,
    policy: CachePolicy<SerializedScreen>,
  ): Promise<{ value: SerializedScreen; source: CacheSource }> {
    this.reads.push({ key, policy });
    const hit = this.stored.get(key);
    if (hit) return { value: hit, source: this.tier };
    const value = await load(new AbortController().signal);
    this.loaded.push(value);
    if (policy.ttlMs > 0 && (policy.shouldStore?.(value) ?? true)) this.stored.set(key, value);
    return { value, source: 'origin' };
  }
}

/** Attaches a request context the way the app does (Telemetry's first hook). */
const contextHooks = new Telemetry(
  { subscribe: () => undefined } as unknown as DownstreamEvents,
  new RequestTracing(config),
  {} as BffMetrics,
  config,
);

function screenRequest(
  headers: Record<string, string | string[]> = {},
  /** null: an anonymous caller. */
  userId: string | null = 'ch-user-2208',
  url = '/ios/v1/home',
): FastifyRequest {
  const request = {
    id: 'req-7c1d3f52',
    method: 'GET',
    url,
    headers: { traceparent: TRACEPARENT, ...headers },
    routeOptions: { url: '/ios/v1/home' },
    user: userId === null ? undefined : { userId },
  } as unknown as FastifyRequest;
  contextHooks.onRequest(request, new FakeReply() as unknown as FastifyReply, () => undefined);
  return request;
}

function executionContext(
  request: FastifyRequest,
  reply: FakeReply,
  screen: ScreenClass = HomeTestScreen,
): ExecutionContext {
  const host = new ExecutionContextHost([request, reply], screen, screen.prototype.render);
  host.setType('http');
  return host;
}

/** A rendered home screen, as `render` returns it. */
function rendered(degradedSections: string[] = []) {
  return {
    meta: {
      traceId: TRACE_ID,
      generatedAt: '2031-06-01T10:00:00.000Z',
      degraded: degradedSections.length > 0,
      degradedSections,
    },
    user: { userId: 'ch-user-2208', displayName: 'Léa Blanc', avatarUrl: null, loyaltyTier: null },
    recentOrders: [],
    recommendations: degradedSections.includes('recommendations')
      ? []
      : [
          {
            productId: 'ch-41',
            title: 'Fondue',
            thumbnailUrl: null,
            priceFormatted: 'CHF\u00a089.00',
          },
        ],
    unreadNotifications: 2,
  };
}

function setup(appConfig = config) {
  const cache = new FakeScreenCache();
  const versions = { versionOf: jest.fn(() => VERSION) };
  const telemetry = { screenServed: jest.fn() };
  const platform: Platform = { name: 'ios', display: SCALE };
  const interceptor = new ScreenInterceptor(
    platform,
    cache as unknown as TieredCache,
    versions as unknown as ScreenVersions,
    telemetry as unknown as Telemetry,
    appConfig,
  );
  return { cache, versions, telemetry, interceptor };
}

function handler(body: unknown): CallHandler & { handle: jest.Mock } {
  return { handle: jest.fn(() => of(body)) };
}

async function serve(
  interceptor: ScreenInterceptor,
  context: ExecutionContext,
  next: CallHandler,
): Promise<string> {
  return lastValueFrom(interceptor.intercept(context, next));
}

/** The error of a refused request, whether thrown at once or through the observable. */
async function refusal(run: () => Promise<string>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the request was served');
}

/** Who answered, as telemetry counts it. */
const IOS_HOME_V1 = { platform: 'ios', screen: 'home', version: 'v1' };

const KEY = (choice: string, userId = 'ch-user-2208') =>
  `ios:v1/home:${VERSION}:${userId}:${choice}`;

afterEach(() => jest.restoreAllMocks());

describe(ScreenInterceptor.name, () => {
  describe('a cached screen', () => {
    it('is answered with its stored ETag and content, untouched, with this request’s trace id', async () => {
      const { cache, interceptor } = setup();
      cache.stored.set(KEY('3'), STORED);
      const reply = new FakeReply();
      const next = handler(rendered());

      const stringify = jest.spyOn(JSON, 'stringify');
      const createHash = jest.spyOn(crypto, 'createHash');
      const body = await serve(interceptor, executionContext(screenRequest(), reply), next);
      const stringified = stringify.mock.calls.map(([value]) => value as unknown);
      stringify.mockRestore();

      expect(body).toBe(
        `{"meta":{"traceId":"${TRACE_ID}","generatedAt":"sentinel-generated-at",` +
          `"degraded":false,"degradedSections":[]},` +
          `"sentinelContent":"stored-✓ not re-serialized","n":1}`,
      );
      expect(reply.getHeader('etag')).toBe('"sentinel-etag:not-a-sha1"');
      expect(next.handle).not.toHaveBeenCalled();
      expect(stringified.length).toBeLessThanOrEqual(1);
      expect(stringified.every((value) => value === TRACE_ID)).toBe(true);
      expect(createHash).not.toHaveBeenCalled();
    });

    it('carries the screen’s HTTP caching headers', async () => {
      const { cache, interceptor } = setup();
      cache.stored.set(KEY('3'), STORED);
      const reply = new FakeReply();
      await serve(interceptor, executionContext(screenRequest(), reply), handler(rendered()));
      expect(Object.fromEntries(reply.headers)).toEqual({
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'private, max-age=30',
        vary: 'Authorization, X-Display-Scale',
        etag: '"sentinel-etag:not-a-sha1"',
      });
    });

    it('adds its Vary to one the edge already set (CORS: Origin), never writes over it', async () => {
      const { cache, interceptor } = setup();
      cache.stored.set(KEY('3'), STORED);
      const reply = new FakeReply().header('Vary', 'Origin');
      await serve(interceptor, executionContext(screenRequest(), reply), handler(rendered()));
      expect(reply.getHeader('vary')).toBe('Origin, Authorization, X-Display-Scale');
    });

    it.each<CacheSource>(['memory', 'redis', 'stale'])(
      'tells telemetry it came from %s',
      async (tier) => {
        const { cache, telemetry, interceptor } = setup();
        cache.stored.set(KEY('3'), STORED);
        cache.tier = tier;
        const request = screenRequest();
        await serve(interceptor, executionContext(request, new FakeReply()), handler(rendered()));
        expect(telemetry.screenServed).toHaveBeenCalledTimes(1);
        expect(telemetry.screenServed).toHaveBeenCalledWith(findRequestContext(request), {
          ...IOS_HOME_V1,
          degradedSections: [],
          cache: tier,
        });
      },
    );
  });

  describe('the cache key', () => {
    it('is <platform>:<path>:<version>:<user>:<display choice>, with the default choice when the header is absent', async () => {
      const { cache, versions, interceptor } = setup();
      await serve(
        interceptor,
        executionContext(screenRequest(), new FakeReply()),
        handler(rendered()),
      );
      expect(cache.reads.map(({ key }) => key)).toEqual([KEY('3')]);
      expect(versions.versionOf).toHaveBeenCalledWith('ios', screenDefinitionOf(HomeTestScreen));
    });

    it.each(['1', '2', '3'])('holds the display choice %s sent by the device', async (value) => {
      const { cache, interceptor } = setup();
      const request = screenRequest({ 'x-display-scale': value });
      await serve(interceptor, executionContext(request, new FakeReply()), handler(rendered()));
      expect(cache.reads.map(({ key }) => key)).toEqual([KEY(value)]);
    });

    it('keeps users apart, even a user id that holds the separator', async () => {
      const { cache, interceptor } = setup();
      cache.stored.set(KEY('3', 'ch-user-2208'), STORED);
      const next = handler(rendered());
      const intruder = screenRequest({}, 'ch-user-2208:3');
      await serve(interceptor, executionContext(intruder, new FakeReply()), next);
      expect(next.handle).toHaveBeenCalledTimes(1);
      expect(cache.reads[0].key).not.toBe(KEY('3'));
      expect(cache.reads[0].key.startsWith(`ios:v1/home:${VERSION}:`)).toBe(true);
    });

    it('has an empty display part for a screen without display header', async () => {
      const { cache, interceptor } = setup();
      const reply = new FakeReply();
      const request = screenRequest({}, 'ch-user-2208', '/ios/v1/config');
      const context = executionContext(request, reply, PlainTestScreen);
      await serve(interceptor, context, handler(rendered()));
      expect(cache.reads.map(({ key }) => key)).toEqual([`ios:v1/config:${VERSION}:ch-user-2208:`]);
      expect(reply.getHeader('vary')).toBe('Authorization');
      expect(reply.getHeader('cache-control')).toBe('private, max-age=10');
    });
  });

  describe('a bad display header', () => {
    it.each<[string, string | string[]]>([
      ['an unknown value', '4'],
      ['an empty value', ''],
      ['a header sent twice', ['2', '3']],
    ])('is a 400 for %s, before any cache read or render', async (_case, value) => {
      const { cache, telemetry, interceptor } = setup();
      const next = handler(rendered());
      const reply = new FakeReply();
      const request = screenRequest({ 'x-display-scale': value });
      const error = await refusal(() => serve(interceptor, executionContext(request, reply), next));
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as ValidationFailedError).status).toBe(400);
      expect((error as ValidationFailedError).details).toEqual([
        { field: 'X-Display-Scale', issue: 'must be one of 1, 2, 3' },
      ]);
      expect(cache.reads).toEqual([]);
      expect(next.handle).not.toHaveBeenCalled();
      expect(telemetry.screenServed).not.toHaveBeenCalled();
      expect(reply.headers.size).toBe(0);
    });
  });

  describe('a rendered screen', () => {
    it('is serialized once and answered with the ETag of its content', async () => {
      const { cache, interceptor } = setup();
      const reply = new FakeReply();
      const next = handler(rendered());
      const { meta: _meta, ...content } = rendered();
      const expectedEtag = etagOf(JSON.stringify(content));
      // Also shows the spy sees the hashing that the cached path must not do.
      const createHash = jest.spyOn(crypto, 'createHash');
      const body = await serve(interceptor, executionContext(screenRequest(), reply), next);

      expect(JSON.parse(body)).toEqual(rendered());
      expect(Object.keys(JSON.parse(body) as object)[0]).toBe('meta');
      expect(reply.getHeader('etag')).toBe(expectedEtag);
      expect(createHash).toHaveBeenCalledTimes(1);
      expect(next.handle).toHaveBeenCalledTimes(1);
      expect(cache.stored.get(KEY('3'))?.etag).toBe(reply.getHeader('etag'));
    });

    it('is stored for the configured time when complete', async () => {
      const { cache, telemetry, interceptor } = setup();
      const request = screenRequest();
      await serve(interceptor, executionContext(request, new FakeReply()), handler(rendered()));
      const [{ policy }] = cache.reads;
      expect(policy.ttlMs).toBe(config.cache.screenTtlMs);
      expect(policy.shouldStore?.(cache.loaded[0])).toBe(true);
      expect(cache.stored.has(KEY('3'))).toBe(true);
      expect(telemetry.screenServed).toHaveBeenCalledWith(findRequestContext(request), {
        ...IOS_HOME_V1,
        degradedSections: [],
        cache: 'origin',
      });
    });

    it('is not stored when degraded, and telemetry is told which sections failed', async () => {
      const { cache, telemetry, interceptor } = setup();
      const degraded = rendered(['recommendations', 'unreadNotifications']);
      const request = screenRequest();
      const body = await serve(
        interceptor,
        executionContext(request, new FakeReply()),
        handler(degraded),
      );

      expect(JSON.parse(body)).toEqual(degraded);
      const [{ policy }] = cache.reads;
      expect(cache.loaded).toHaveLength(1);
      expect(cache.loaded[0].degradedSections).toEqual(['recommendations', 'unreadNotifications']);
      expect(policy.shouldStore?.(cache.loaded[0])).toBe(false);
      expect(cache.stored.size).toBe(0);
      expect(telemetry.screenServed).toHaveBeenCalledWith(findRequestContext(request), {
        ...IOS_HOME_V1,
        degradedSections: ['recommendations', 'unreadNotifications'],
        cache: 'origin',
      });
    });

    it('is rendered again on the next request after a degraded one', async () => {
      const { interceptor } = setup();
      const next = handler(rendered(['recommendations']));
      await serve(interceptor, executionContext(screenRequest(), new FakeReply()), next);
      await serve(interceptor, executionContext(screenRequest(), new FakeReply()), next);
      expect(next.handle).toHaveBeenCalledTimes(2);
    });

    it('is served from the cache on the next request once complete, with the same ETag', async () => {
      const { interceptor, telemetry } = setup();
      const next = handler(rendered());
      const first = new FakeReply();
      const second = new FakeReply();
      await serve(interceptor, executionContext(screenRequest(), first), next);
      await serve(interceptor, executionContext(screenRequest(), second), next);
      expect(next.handle).toHaveBeenCalledTimes(1);
      expect(second.getHeader('etag')).toBe(first.getHeader('etag'));
      expect(telemetry.screenServed.mock.calls.map(([, outcome]) => outcome)).toEqual([
        { ...IOS_HOME_V1, degradedSections: [], cache: 'origin' },
        { ...IOS_HOME_V1, degradedSections: [], cache: 'memory' },
      ]);
    });
  });

  describe('a screen with parameters', () => {
    it('keys each URL of the route apart (parameters, query)', async () => {
      const { cache, interceptor } = setup();
      for (const url of ['/ios/v1/home?limit=5', '/ios/v1/home?limit=6']) {
        await serve(
          interceptor,
          executionContext(screenRequest({}, 'ch-user-2208', url), new FakeReply()),
          handler(rendered()),
        );
      }
      expect(cache.reads.map(({ key }) => key)).toEqual([
        `${KEY('3')}:%2Fios%2Fv1%2Fhome%3Flimit%3D5`,
        `${KEY('3')}:%2Fios%2Fv1%2Fhome%3Flimit%3D6`,
      ]);
    });
  });

  describe('a screen anyone may call', () => {
    it('is public for an anonymous caller, private for a signed-in one, and never cached here', async () => {
      const { cache, interceptor } = setup();
      const anonymous = new FakeReply();
      const signedIn = new FakeReply();
      const next = handler({ productId: 'ch-41' });
      const url = '/ios/v1/products/ch-41';
      await serve(
        interceptor,
        executionContext(screenRequest({}, null, url), anonymous, SharedTestScreen),
        next,
      );
      await serve(
        interceptor,
        executionContext(screenRequest({}, 'ch-user-2208', url), signedIn, SharedTestScreen),
        next,
      );
      expect(anonymous.getHeader('cache-control')).toBe('public, max-age=60');
      expect(signedIn.getHeader('cache-control')).toBe('private, max-age=60');
      for (const reply of [anonymous, signedIn]) {
        expect(reply.getHeader('vary')).toBe('Authorization, X-Display-Scale, Accept-Language');
        expect(reply.getHeader('etag')).toBe(etagOf('{"productId":"ch-41"}'));
      }
      expect(next.handle).toHaveBeenCalledTimes(2);
      expect(cache.reads).toHaveLength(0);
    });

    it('a public screen ignores the caller: public, and Vary names only what changes the body', async () => {
      const { interceptor } = setup();
      const reply = new FakeReply();
      await serve(
        interceptor,
        executionContext(
          screenRequest({}, 'ch-user-2208', '/ios/v1/flags'),
          reply,
          PublicTestScreen,
        ),
        handler({ forceUpdate: false }),
      );
      expect(reply.getHeader('cache-control')).toBe('public, max-age=30');
      expect(reply.getHeader('vary')).toBe('X-App-Version');
    });
  });

  describe('a deprecated screen', () => {
    it('announces its deprecation, its sunset and its successor on the platform', async () => {
      const { interceptor } = setup(SUNSET_CONFIG);
      const reply = new FakeReply();
      await serve(
        interceptor,
        executionContext(screenRequest(), reply, RetiringTestScreen),
        handler(rendered()),
      );
      expect(reply.getHeader('deprecation')).toBe(`@${Date.UTC(2031, 5, 1) / 1000}`);
      expect(reply.getHeader('sunset')).toBe('Wed, 31 Dec 2031 00:00:00 GMT');
      expect(reply.getHeader('link')).toBe('</ios/v2/home>; rel="successor-version"');
    });

    it('a current screen carries none of it', async () => {
      const { interceptor } = setup(SUNSET_CONFIG);
      const reply = new FakeReply();
      await serve(interceptor, executionContext(screenRequest(), reply), handler(rendered()));
      expect(reply.getHeader('deprecation')).toBeUndefined();
      expect(reply.getHeader('sunset')).toBeUndefined();
      expect(reply.getHeader('link')).toBeUndefined();
    });
  });
});
