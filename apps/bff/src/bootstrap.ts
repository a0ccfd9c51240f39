import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { requestIdFor } from '@app/telemetry';
import { setupApiDocs } from './api-docs';
import { AppModule } from './app.module';
import { httpLimits } from './http-limits';
import { registerHttpPipeline } from './http-pipeline';
import { listenAdminPort, serveAdminPort } from './ops/admin-port';

/** Builds the BFF for a validated config, ready to `listenBffApp`; used by main and by the tests. */
export async function createBffApp(config: AppConfig): Promise<NestFastifyApplication> {
  const limits = httpLimits(config.http);
  const adapter = new FastifyAdapter({
    logger: false,
    genReqId: requestIdFor,
    // Body, timeouts, keep-alive, param and header limits: each explained in http-limits.ts.
    ...limits,
    // request.ip is the socket address unless a configured proxy forwarded the request.
    trustProxy: config.http.trustedProxies.length > 0 ? [...config.http.trustedProxies] : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    // The body parsers are the pipeline's own (request-bodies.ts), not Nest's defaults.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  await registerHttpPipeline(app);
  // ADMIN_PORT: metrics, docs and readiness details on a listener of their own.
  if (config.edge.adminPort !== undefined) serveAdminPort(app, config.edge.adminPort, limits.http);
  setupApiDocs(app);
  return app;
}

/** Listens on `port`, then on ADMIN_PORT when it is set, both on `host`. */
export async function listenBffApp(
  app: NestFastifyApplication,
  port: number,
  host: string,
): Promise<void> {
  await app.listen(port, host);
  await listenAdminPort(app, host);
}
