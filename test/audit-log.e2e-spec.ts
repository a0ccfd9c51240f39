import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { DemoBackends, startDemoBackends } from '../apps/demo-backends/src';
import { createSigningKey } from '../apps/demo-backends/src/identity-provider';
import { PRODUCTION_SERVICE_TOKEN, spawnCompiledBff } from './support/compiled-bff';
import { JsonLogLines, type LogLine } from './support/json-log-lines';
import { rawRequest } from './support/raw-http';
import { ROUTES } from './support/routes';

/** The compiled BFF in its own process, so its real stdout (where pino writes) can be read. */
describe('the audit log', () => {
  let backends: DemoBackends;
  let bff: ChildProcessWithoutNullStreams;
  let baseUrl: string;
  let logs: JsonLogLines;
  const tokensSent: string[] = [];

  const audit = () => logs.lines.filter((line) => line.name === 'audit');
  const lineWhere = (matches: (line: LogLine) => boolean) => logs.where(matches);
  const home = async (authorization: string) => {
    tokensSent.push(authorization.replace(/^Bearer /, ''));
    return (await rawRequest(`${baseUrl}${ROUTES.home('ios')}`, { headers: { authorization } }))
      .status;
  };

  beforeAll(async () => {
    backends = await startDemoBackends({ serviceToken: PRODUCTION_SERVICE_TOKEN });
    ({ process: bff, baseUrl } = await spawnCompiledBff(backends, {
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      AUTH_JWKS_REFRESH_MS: '1000',
      RATE_LIMIT_BAD_TOKEN_PER_MIN: '2',
    }));
    logs = new JsonLogLines(bff.stdout);
    await lineWhere((line) => line.msg === 'Nest application successfully started');
  });

  afterAll(async () => {
    if (bff.exitCode === null) {
      const exited = once(bff, 'exit');
      bff.kill('SIGTERM');
      await exited;
    }
    await backends.close();
  });

  it('records key set changes, rejections per reason and limit breaches, never a token or an address', async () => {
    const { idp } = backends;
    const started = await lineWhere((line) => line.event === 'signing-keys-changed');
    expect(started).toMatchObject({
      name: 'audit',
      msg: 'signing keys changed',
      added: [idp.signingKey('RS256').kid, idp.signingKey('ES256').kid],
      removed: [],
    });

    const forged = await idp.mint({
      key: await createSigningKey('RS256'),
      kid: idp.signingKey('RS256').kid,
    });
    const statuses = [
      await home(`Bearer ${forged}`),
      await home(`Bearer ${forged}`),
      await home('Bearer not.a.token'), // the third bad token in a minute: over the limit of 2
      await home(`Bearer ${await idp.mint({ expiresInSec: -60 })}`),
      await home(`Bearer ${await idp.mint({ expiresInSec: -90 })}`),
    ];
    expect(statuses).toEqual([401, 401, 429, 401, 401]);

    const withdrawn = idp.signingKey('ES256').kid;
    idp.withdrawKey(withdrawn);
    expect(
      await lineWhere(
        (line) => (line.removed as string[] | undefined)?.includes(withdrawn) === true,
      ),
    ).toMatchObject({ name: 'audit', event: 'signing-keys-changed', added: [] });

    // The minute's counts are written at the end of the minute, or on shutdown.
    const exited = once(bff, 'exit');
    bff.kill('SIGTERM');
    await exited;
    const counted = (event: string) =>
      audit()
        .filter((line) => line.event === event)
        .map(({ reason, limit, client, count }) => ({ reason, limit, client, count }));
    expect(counted('tokens-rejected')).toEqual(
      expect.arrayContaining([
        { reason: 'bad-signature', count: 2 },
        { reason: 'malformed', count: 1 },
        { reason: 'expired', count: 2 },
      ]),
    );
    expect(counted('tokens-rejected')).toHaveLength(3); // one line per reason, not per request
    expect(counted('rate-limit-exceeded')).toEqual([
      { limit: 'bad-token', client: '127.0.0.0/24', count: 1 },
    ]);

    const text = JSON.stringify(audit());
    for (const token of tokensSent) expect(text).not.toContain(token);
    expect(text).not.toContain('127.0.0.1');
  });
});
