import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { DEMO_SERVICE_TOKEN } from '@app/config';
import { assertBuilt, COMPILED } from './support/compiled';
import {
  composeServices,
  dockerfileStages,
  execCommand,
  REPO_ROOT,
  stageNamed,
} from './support/docker-files';
import { freePort } from './support/ports';
import { rawRequest } from './support/raw-http';
import { ROUTES } from './support/routes';

/**
 * docker-compose.yml's stack without Docker: each image's CMD run from the repository root with
 * its service's environment. The demo services listen on 127.0.0.2 (their fixed ports stay free
 * on 127.0.0.1 for the other specs), which stands in for the `demo-backends` host name.
 */
const DEMO_ADDRESS = '127.0.0.2';
const services = composeServices();
const stages = dockerfileStages();

/** Starts an image's CMD here; resolves once `marker` is printed, rejects if it exits first. */
async function run(
  command: string[],
  env: Record<string, string>,
  marker: string,
): Promise<ChildProcessWithoutNullStreams> {
  const [, ...args] = command;
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}:\n${output}`)));
  });
  return child;
}

async function stop(child: ChildProcessWithoutNullStreams | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe('the docker compose stack', () => {
  let demo: ChildProcessWithoutNullStreams | undefined;
  let bff: ChildProcessWithoutNullStreams | undefined;
  let bffUrl: string;
  const bffEnvironment = services.bff.environment ?? {};
  const demoUrl = (port: number, path: string) => `http://${DEMO_ADDRESS}:${port}${path}`;

  beforeAll(async () => {
    assertBuilt(COMPILED.bff);
    assertBuilt(COMPILED.demo);
    const demoCommand = execCommand(stageNamed(stages, 'demo-backends'));
    demoCommand[demoCommand.indexOf('--host') + 1] = DEMO_ADDRESS;
    demo = await run(
      demoCommand,
      services['demo-backends'].environment ?? {},
      'Demo backends listening',
    );

    const port = await freePort();
    bffUrl = `http://127.0.0.1:${port}`;
    // compose's Redis is not what this spec is about: without REDIS_URL the BFF caches in-process.
    const { REDIS_URL: _redis, ...environment } = Object.fromEntries(
      Object.entries(bffEnvironment).map(([name, value]) => [
        name,
        value.replace('//demo-backends:', `//${DEMO_ADDRESS}:`),
      ]),
    );
    bff = await run(
      execCommand(stages[stages.length - 1]),
      { ...environment, PORT: String(port), HOST: '127.0.0.1' },
      'Nest application successfully started',
    );
  }, 30_000);

  afterAll(async () => {
    await stop(bff);
    await stop(demo);
  });

  it('serves a home screen to a user of the demo identity provider', async () => {
    const minted = await rawRequest(demoUrl(4100, '/demo/token?sub=u-1001'));
    const { token } = JSON.parse(minted.body) as { token: string };
    const home = await rawRequest(`${bffUrl}${ROUTES.home('ios')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(home.status).toBe(200);
    expect((JSON.parse(home.body) as { user: { userId: string } }).user.userId).toBe('u-1001');
  });

  it("lets the demo services accept the BFF's service token and refuse the built-in demo one", async () => {
    const asUser = (token: string) =>
      rawRequest(demoUrl(4101, '/users/u-1001'), { headers: { authorization: `Bearer ${token}` } });
    expect((await asUser(bffEnvironment.UPSTREAM_SERVICE_TOKEN)).status).toBe(200);
    expect((await asUser(DEMO_SERVICE_TOKEN)).status).toBe(401);
  });
});
