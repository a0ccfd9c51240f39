import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { AppConfig, loadConfig } from '@app/config';
import { startDemoBackends, DemoBackends } from '../../apps/demo-backends/src';
import { createBffApp, listenBffApp } from '../../apps/bff/src/bootstrap';
import { BffClient, bffClient, documentedAgent } from './bff-client';

/** A BFF listening on a loopback port, configured by `environment` (and test defaults). */
export interface ListeningBff {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  /** The admin listener's URL when ADMIN_PORT is set (metrics, docs, readiness details). */
  adminUrl?: string;
  /** supertest agent bound to the BFF's URL: real HTTP on 127.0.0.1, answers held to the documents. */
  http: ReturnType<typeof request>;
  /** The BFF's routes as typed calls over `http`. */
  client: BffClient;
}

export async function listenBff(environment: Record<string, string>): Promise<ListeningBff> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    // Each request reaches the services unless a test is about caching and turns it on.
    CACHE_SCREEN_TTL_MS: '0',
    CACHE_PRODUCT_TTL_MS: '0',
    ...environment,
  });
  const app = await createBffApp(config);
  await listenBffApp(app, 0, '127.0.0.1');
  await app.getHttpAdapter().getInstance().ready();
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const { adminPort } = config.edge;
  const adminUrl = adminPort === undefined ? undefined : `http://127.0.0.1:${adminPort}`;
  const http = request(baseUrl);
  return { app, config, baseUrl, adminUrl, http: documentedAgent(http), client: bffClient(http) };
}

/** A real BFF on a loopback port in front of real demo backends and a real identity provider. */
export interface BffHarness extends ListeningBff {
  backends: DemoBackends;
  token(sub?: string, alg?: 'RS256' | 'ES256'): Promise<string>;
  close(): Promise<void>;
}

/** The variables that point a BFF at these demo services and their identity provider. */
export function environmentFor(backends: DemoBackends): Record<string, string> {
  return {
    USERS_SERVICE_URL: backends.urls.users,
    ORDERS_SERVICE_URL: backends.urls.orders,
    CATALOG_SERVICE_URL: backends.urls.catalog,
    NOTIFICATIONS_SERVICE_URL: backends.urls.notifications,
    CONFIG_SERVICE_URL: backends.urls.config,
    UPSTREAM_SERVICE_TOKEN: backends.serviceToken,
    AUTH_JWKS_URI: backends.idp.jwksUri,
    AUTH_ISSUER: backends.idp.issuer,
    AUTH_AUDIENCE: backends.idp.audience,
  };
}

/**
 * Starts a BFF over loopback. With `backends`, it joins services (and the identity provider) that
 * another harness owns, as a second instance behind the same load balancer would; closing it
 * then leaves those running.
 */
export async function startBff(
  env: Record<string, string> = {},
  options: { backends?: DemoBackends } = {},
): Promise<BffHarness> {
  const backends = options.backends ?? (await startDemoBackends());
  const bff = await listenBff({ ...environmentFor(backends), ...env });
  return {
    ...bff,
    backends,
    token: (sub = 'u-1001', alg = 'RS256') => backends.idp.mint({ sub, alg }),
    close: async () => {
      await bff.app.close();
      if (!options.backends) await backends.close();
    },
  };
}

export interface BffSuite {
  bff: BffHarness;
  /** A valid token for the suite's user. */
  token: string;
}

/**
 * The usual suite setup: one BFF for the whole `describe`, a token for `userId`, faults cleared
 * after each test, everything closed after all. The fields are filled before the first test.
 */
export function useBff(env: Record<string, string> = {}, userId = 'u-1001'): BffSuite {
  const suite = {} as BffSuite;
  beforeAll(async () => {
    suite.bff = await startBff(env);
    suite.token = await suite.bff.token(userId);
  });
  afterEach(() => suite.bff.backends.clearFaults());
  afterAll(() => suite.bff.close());
  return suite;
}

/**
 * For a suite whose tests each need a BFF of their own configuration: starts them on demand and
 * closes them all after the suite. Call it inside the `describe`.
 */
export function bffsClosedAfterAll(): (env?: Record<string, string>) => Promise<BffHarness> {
  const harnesses: BffHarness[] = [];
  afterAll(() => Promise.all(harnesses.map((bff) => bff.close())));
  return async (env = {}) => {
    const bff = await startBff(env);
    harnesses.push(bff);
    return bff;
  };
}
