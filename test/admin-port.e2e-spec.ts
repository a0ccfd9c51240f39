import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { DemoBackends, startDemoBackends } from '../apps/demo-backends/src';
import { BffHarness, bffsClosedAfterAll } from './support/bff-harness';
import { PRODUCTION_SERVICE_TOKEN, spawnCompiledBff } from './support/compiled-bff';
import { freePort } from './support/ports';
import { rawExchange, rawRequest } from './support/raw-http';
import { ROUTES } from './support/routes';
import { expectedEnvelope } from './support/envelope';

/** A loopback URL where nothing listens (the port was free a moment ago). */
async function deadUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** The Swagger UI's stylesheet: one of the static files served under /docs. */
const SWAGGER_ASSET = `${ROUTES.docs.ui()}/swagger-ui.css`;

/** What an operator's endpoint on the wrong port looks like: the 404 of a route that is not there. */
function expectNotFound(response: request.Response): void {
  expect(response.status).toBe(404);
  expect(response.body).toEqual(expectedEnvelope('NOT_FOUND', false));
  expect(response.text).not.toMatch(/metrics|docs|swagger|admin/i);
}

/** The admin listener's URL: the harness sets it when ADMIN_PORT is. */
function adminUrlOf(bff: BffHarness): string {
  if (bff.adminUrl === undefined) throw new Error('no admin listener');
  return bff.adminUrl;
}

function envelopeOf(response: string): { error: { code: string } } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as {
    error: { code: string };
  };
}

describe('ADMIN_PORT', () => {
  const bffWith = bffsClosedAfterAll();

  describe('set', () => {
    let bff: BffHarness;
    /** The admin listener, over plain supertest: it serves no route of the platform documents. */
    let admin: ReturnType<typeof request>;
    let adminUrl: string;
    let token: string;

    beforeAll(async () => {
      bff = await bffWith({
        ADMIN_PORT: String(await freePort()),
        HTTP_REQUEST_TIMEOUT_MS: '300',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '61000',
        HTTP_MAX_HEADER_BYTES: '4096',
      });
      adminUrl = adminUrlOf(bff);
      expect(adminUrl).toBe(`http://127.0.0.1:${bff.config.edge.adminPort}`);
      admin = request(adminUrl);
      token = await bff.token('u-1001');
    });

    it('serves /metrics only on the admin port; the public port answers 404', async () => {
      expectNotFound(await bff.client.metrics());
      expect((await bff.http.head(ROUTES.metrics)).status).toBe(404);
      // Not a 405 either, whose Allow would say that GET is served here.
      const post = await bff.http.post(ROUTES.metrics);
      expectNotFound(post);
      expect(post.headers.allow).toBeUndefined();
      const scrape = await admin.get(ROUTES.metrics);
      expect(scrape.status).toBe(200);
      expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(scrape.text).toContain('http_requests_total');
    });

    it('serves the Swagger UI, its files and the raw documents only on the admin port', async () => {
      for (const path of [
        ROUTES.docs.ui(),
        ROUTES.docs.ui('ios'),
        ROUTES.docs.document('ios'),
        ROUTES.docs.document('android'),
        SWAGGER_ASSET,
      ]) {
        expectNotFound(await bff.client.get(path));
        expect((await admin.get(path)).status).toBe(200);
      }
      expect((await admin.get(ROUTES.docs.ui())).text).toContain('swagger-ui');
      expect((await admin.get(ROUTES.docs.document('ios'))).body).toMatchObject({
        openapi: expect.any(String),
        paths: expect.objectContaining({ [ROUTES.home('ios')]: expect.any(Object) }),
      });
    });

    it('answers readiness on both ports: only its status on the public one, details on the admin one', async () => {
      const summary = await bff.client.ready();
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({ status: 'ok' });
      const details = await admin.get(ROUTES.health.ready);
      expect(details.status).toBe(200);
      expect(details.body).toMatchObject({
        status: 'ok',
        details: { users: { status: 'up' }, orders: { status: 'up' } },
      });
    });

    it('answers liveness on both ports', async () => {
      expect((await bff.client.live()).status).toBe(200);
      expect((await admin.get(ROUTES.health.live)).status).toBe(200);
    });

    it('serves the platform APIs on the public port only', async () => {
      expect((await bff.client.home('ios', { token })).status).toBe(200);
      for (const path of [ROUTES.home('ios'), ROUTES.home('android'), ROUTES.config('ios')]) {
        expectNotFound(await admin.get(path).auth(token, { type: 'bearer' }));
      }
      expectNotFound(await admin.post(ROUTES.home('ios')).auth(token, { type: 'bearer' }));
    });

    it('sets the admin listener up as the public one: limits, protocol errors, CONNECT', async () => {
      // Keep-alive timeout: Node announces it in seconds on every kept-alive answer.
      const live = await admin.get(ROUTES.health.live).set('connection', 'keep-alive');
      expect(live.headers['keep-alive']).toBe('timeout=61');
      // Header size: 431 in the envelope, from the same client-error handler.
      const { response: oversized } = await rawExchange(
        adminUrl,
        `GET ${ROUTES.metrics} HTTP/1.1\r\nHost: bff\r\nX-Big: ${'a'.repeat(8192)}\r\n\r\n`,
      );
      expect(oversized).toMatch(/^HTTP\/1\.1 431 /);
      expect(envelopeOf(oversized)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      // Request timeout: a client that stops sending its headers is cut off with 408.
      const { response: slow, closedAfterMs } = await rawExchange(
        adminUrl,
        `GET ${ROUTES.metrics} HTTP/1.1\r\nHost: b`,
      );
      expect(slow).toMatch(/^HTTP\/1\.1 408 /);
      expect(closedAfterMs).toBeLessThan(1_500);
      // CONNECT, which Node keeps from the router: answered, not dropped.
      const { response: tunnel } = await rawExchange(
        adminUrl,
        'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
      );
      expect(tunnel).toMatch(/^HTTP\/1\.1 404 /);
    });
  });

  describe('set, while users-service is unreachable', () => {
    it('answers readiness 503 in the envelope on both ports', async () => {
      const bff = await bffWith({
        ADMIN_PORT: String(await freePort()),
        USERS_SERVICE_URL: await deadUrl(),
      });
      for (const answer of [
        await bff.client.ready(),
        await request(adminUrlOf(bff)).get(ROUTES.health.ready),
      ]) {
        expect(answer.status).toBe(503);
        expect(answer.body).toMatchObject({
          error: { code: 'UPSTREAM_UNAVAILABLE', retryable: true },
        });
      }
    });
  });

  describe('unset', () => {
    it('serves everything on the one port, as before', async () => {
      const bff = await bffWith();
      expect(bff.adminUrl).toBeUndefined();
      expect((await bff.client.metrics()).status).toBe(200);
      expect((await bff.client.docs()).status).toBe(200);
      expect((await bff.client.get(SWAGGER_ASSET)).status).toBe(200);
      expect((await bff.client.apiDocument('ios')).status).toBe(200);
      const ready = await bff.client.ready();
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', details: { users: { status: 'up' } } });
    });
  });
});

/** The compiled BFF in its own process, stopped with a real SIGTERM (see lifecycle-shutdown). */
describe('ADMIN_PORT on SIGTERM', () => {
  let backends: DemoBackends;
  let bff: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    backends = await startDemoBackends({ serviceToken: PRODUCTION_SERVICE_TOKEN });
  });
  afterAll(async () => {
    if (bff && bff.exitCode === null && bff.signalCode === null) bff.kill('SIGKILL');
    await backends.close();
  });

  it('closes the admin listener together with the public one, while a request in flight finishes', async () => {
    const adminUrl = `http://127.0.0.1:${await freePort()}`;
    const spawned = await spawnCompiledBff(backends, {
      ADMIN_PORT: new URL(adminUrl).port,
      CACHE_SCREEN_TTL_MS: '0',
      // Room for the slow request below, however busy the machine.
      SCREEN_DEADLINE_MS: '5000',
      UPSTREAM_TIMEOUT_MS: '5000',
      SHUTDOWN_DRAIN_DELAY_MS: '100',
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    bff = spawned.process;
    const exited = once(bff, 'exit') as Promise<[number | null]>;
    const answerOf = (url: string, headers: Record<string, string> = {}) =>
      rawRequest(url, { headers }).then(
        ({ status }) => status,
        (error: NodeJS.ErrnoException) => error.code ?? error.message,
      );
    for (let tries = 0; (await answerOf(`${adminUrl}${ROUTES.health.ready}`)) !== 200; tries++) {
      if (tries > 200) throw new Error('the admin listener never became ready');
      await sleep(50);
    }
    // One home request still in flight when the listeners close (its user's profile is slow).
    backends.setFault('users', { kind: 'delay', ms: 1_000 }, { path: '/users/u-1002' });
    backends.resetCalls();
    const token = await backends.idp.mint({ sub: 'u-1002' });
    let slowDone = false;
    const slow = answerOf(`${spawned.baseUrl}${ROUTES.home('ios')}`, {
      authorization: `Bearer ${token}`,
    }).finally(() => (slowDone = true));
    await backends.waitForCalls(1, 'users');

    bff.kill('SIGTERM');
    const adminAnswers: Array<number | string> = [];
    while (adminAnswers.at(-1) !== 'ECONNREFUSED') {
      adminAnswers.push(await answerOf(`${adminUrl}${ROUTES.health.ready}`));
      await sleep(10);
    }
    const refusedWhileInFlight = !slowDone;

    expect(await slow).toBe(200);
    const [code] = await exited;
    backends.clearFaults();
    // Readiness fails on the admin listener too as the drain starts, then it stops accepting...
    expect(adminAnswers).toContain(503);
    // ...when the public one does, not only once the last request has ended.
    expect(refusedWhileInFlight).toBe(true);
    expect(code).toBe(0);
  }, 20_000);
});
