import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { DemoBackends, startDemoBackends } from '../apps/demo-backends/src';
import { PRODUCTION_SERVICE_TOKEN, spawnCompiledBff } from './support/compiled-bff';
import { JsonLogLines } from './support/json-log-lines';
import { rawRequest } from './support/raw-http';
import { ROUTES } from './support/routes';

/** The compiled BFF in its own process, so its real stdout (where pino writes) can be read. */
describe('request logs', () => {
  let backends: DemoBackends;
  let bff: ChildProcessWithoutNullStreams;
  let baseUrl: string;
  let logs: JsonLogLines;

  const lineFor = (requestId: string) => logs.allWhere((line) => line.requestId === requestId);

  beforeAll(async () => {
    backends = await startDemoBackends({ serviceToken: PRODUCTION_SERVICE_TOKEN });
    ({ process: bff, baseUrl } = await spawnCompiledBff(backends, {
      SHUTDOWN_DRAIN_DELAY_MS: '0',
    }));
    logs = new JsonLogLines(bff.stdout);
    await logs.where((line) => line.msg === 'Nest application successfully started');
  });

  afterAll(async () => {
    const exited = once(bff, 'exit');
    bff.kill('SIGTERM');
    await exited;
    await backends.close();
  });

  it('writes one structured line per request, with who, what, how long and what degraded', async () => {
    backends.setFault('notifications', { kind: 'status', status: 500 });
    const token = await backends.idp.mint({ sub: 'u-1003' });
    const response = await rawRequest(`${baseUrl}${ROUTES.home('ios')}?debug=1`, {
      headers: {
        authorization: `Bearer ${token}`,
        cookie: 'session=secret-cookie',
        'x-request-id': 'log-test-0001',
      },
    });
    backends.clearFaults();
    expect(response.status).toBe(200);

    const logged = await lineFor('log-test-0001');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      msg: 'request completed',
      requestId: 'log-test-0001',
      route: ROUTES.home('ios'),
      method: 'GET',
      statusCode: 200,
      userId: 'u-1003',
      degradedSections: ['unreadNotifications'],
      responseTime: expect.any(Number),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const text = JSON.stringify(logged[0]);
    expect(text).not.toContain(token);
    expect(text).not.toContain('secret-cookie');
  });

  it('logs failed requests at error level without the token', async () => {
    backends.setFault('users', { kind: 'reset' });
    const token = await backends.idp.mint({ sub: 'u-1001' });
    await rawRequest(`${baseUrl}${ROUTES.home('android')}`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'log-test-0002' },
    });
    backends.clearFaults();
    const logged = await lineFor('log-test-0002');
    const requestLine = logged.find(
      (line) => line.msg === 'request failed' && line.statusCode === 503,
    );
    expect(requestLine).toMatchObject({
      level: 50,
      route: ROUTES.home('android'),
      userId: 'u-1001',
    });
    expect(JSON.stringify(logged)).not.toContain(token);
  });
});
