import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { registerCompression, registerConditionalGet } from '@app/http-caching';
import { BffMetrics, registerRequestMetrics } from '@app/metrics';
import { registerRequestContext, requestIdFor } from '@app/observability';
import { registerRequestTracing, RequestTracing } from '@app/tracing';
import { setupApiDocs } from './api-docs';
import { AppModule } from './app.module';
import { httpLimits } from './http-limits';

/** Builds the BFF for a validated config, ready to `listen`; used by main and by the tests. */
export async function createBffApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    genReqId: requestIdFor,
    // Body, timeouts, keep-alive, param and header limits: each explained in http-limits.ts.
    ...httpLimits(config.http),
    // request.ip is the socket address unless a configured proxy forwarded the request.
    trustProxy: config.http.trustedProxies.length > 0 ? [...config.http.trustedProxies] : false,
  });
  const fastify = adapter.getInstance();
  registerRequestContext(fastify);
  registerConditionalGet(fastify);
  await registerCompression(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  registerRequestTracing(fastify, app.get(RequestTracing));
  registerRequestMetrics(fastify, app.get(BffMetrics));
  setupApiDocs(app);
  return app;
}
