import compress from '@fastify/compress';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { constants } from 'node:zlib';
import { JwtAuthenticationGuard, RequireAuthenticationGuard } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { GlobalExceptionFilter, requestValidationPipe } from '@app/errors';
import { ShutdownState } from '@app/health';
import { RateLimitGuard } from '@app/rate-limit';
import { conditionalGet, noStoreUnlessDeclared } from '@app/screens';
import { Telemetry } from '@app/telemetry';
import { registerCors } from './edge/cors';
import { requireHostHeader } from './edge/host-header';
import { methodNotAllowed, refuseConnect } from './edge/method-not-allowed';
import { securityHeaders, securityHeadersHook } from './edge/security-headers';
import { varyOnAcceptEncoding } from './edge/vary-accept-encoding';
import { BodyParseGuard, deferBodyParseErrors } from './request-bodies';

/** Bodies smaller than this gain little from compression and pay its CPU anyway. */
const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Everything that runs on every request, in the order a request meets it. (Fastify's own limits
 * and the request id come earlier, from the adapter options: see bootstrap.ts and http-limits.ts.
 * The one route-scoped piece, the ScreenInterceptor, is declared by @Screen on each screen.)
 */
export async function registerHttpPipeline(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const telemetry = app.get(Telemetry);
  const { edge, http } = app.get<AppConfig>(APP_CONFIG);

  // Body parsing: bodies too large, not JSON or malformed are answered by a guard, not by Fastify.
  deferBodyParseErrors(fastify, http.bodyLimitBytes);

  // onRequest: the request context (ids, trace, start time) and X-Request-Id. First of all, so
  // that everything after it can log, propagate and time against it.
  fastify.addHook('onRequest', telemetry.onRequest);

  // onRequest: the security headers of a JSON API (the Swagger UI's own under /docs), worked out
  // once at boot; set this early so that every answer has them, errors, 304s and preflights too.
  const headers = await securityHeaders(edge);
  fastify.addHook('onRequest', securityHeadersHook(headers));
  // onRequest: an HTTP/1.1 request without Host is a 400 in the envelope (Node's check is off).
  fastify.addHook('onRequest', requireHostHeader);

  // onRequest: CORS for the listed origins only (none by default). Preflights are answered here,
  // before the guards, so they are never counted and need no token.
  await registerCors(fastify, edge);

  // preHandler: a request no route took, on a path other methods serve, is a 405 with Allow
  // (TRACE included, never echoed); routed requests pay one property read. CONNECT, which Node
  // keeps from the router, is answered the same way.
  fastify.addHook('preHandler', methodNotAllowed(fastify));
  refuseConnect(fastify, headers.api);

  // Guards, in this order (docs/adr/0003-authentication-and-limit-guards.md):
  app.useGlobalGuards(
    // 1. Who is calling, from a bearer token if any; never rejects, so the limiter sees everyone.
    app.get(JwtAuthenticationGuard),
    // 2. Counts against that user, or the client address when anonymous (bad tokens included);
    //    X-RateLimit-* on every answer, 429 past the limit. Health and metrics opt out.
    app.get(RateLimitGuard),
    // 3. 401 unless the route is @Public() or the caller was identified: after the limiter, so
    //    floods of bad tokens are limited and every 401 carries the limit headers too.
    app.get(RequireAuthenticationGuard),
    // 4. A body Fastify could not parse (see request-bodies.ts): 400 or 415, now that the caller
    //    is known and counted.
    new BodyParseGuard(),
  );

  // Pipes: a route's DTO-typed query, path and body parameters are validated (400 with details)
  // before its handler runs; routes without DTO parameters (home) pay nothing.
  app.useGlobalPipes(requestValidationPipe());

  // Whatever goes wrong, in a guard, a handler or Fastify itself: the contract's error envelope.
  app.useGlobalFilters(new GlobalExceptionFilter(app.get(HttpAdapterHost)));

  // onSend, in this order:
  // once draining (SIGTERM), every answer says Connection: close, so clients reconnect elsewhere;
  const shutdown = app.get(ShutdownState);
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (shutdown.draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  // every answer that did not declare its caching says no-store;
  fastify.addHook('onSend', noStoreUnlessDeclared);
  // 304 when the client holds the screen's ETag already (before compression: nothing to compress);
  fastify.addHook('onSend', conditionalGet);
  // Server-Timing on answers that called downstream services;
  fastify.addHook('onSend', telemetry.onSend);
  // Vary: accept-encoding on every answer, compressed or not (the plugin names it only when it
  // compresses);
  fastify.addHook('onSend', varyOnAcceptEncoding);
  // then gzip or brotli per Accept-Encoding, last, on the final body. Brotli at quality 4: near
  // gzip's speed with smaller output (the default, 11, costs tens of milliseconds per response);
  // a 64 KiB window, not 4 MiB: bodies are a few KiB and the window is allocated per response.
  // (Compressing on the thread pool instead measured slower: 0.71x vs 0.80x of the minimal.)
  await fastify.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    brotliOptions: {
      params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 16 },
    },
  });

  // onResponse: the request's log line, its metrics and the end of its server span.
  fastify.addHook('onResponse', telemetry.onResponse);
}
