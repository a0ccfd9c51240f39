import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { assertBuilt, COMPILED } from './support/compiled';
import { freePort } from './support/ports';
import { rawRequest, RawResponse } from './support/raw-http';

/** Resolves with everything printed once `marker` has appeared on stdout. */
function printed(child: ChildProcessWithoutNullStreams, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve(output);
    });
    child.on('exit', (code) =>
      reject(new Error(`demo exited with ${code} before printing:\n${output}`)),
    );
  });
}

/** Runs a printed `curl -H "A: b" ... URL` line. */
async function runCurl(line: string): Promise<RawResponse> {
  const headers = Object.fromEntries(
    [...line.matchAll(/-H "([^:]+): ([^"]+)"/g)].map((match) => [match[1], match[2]]),
  );
  const url = /"?(http:\/\/[^\s"]+)"?\s*$/.exec(line)?.[1] ?? '';
  return rawRequest(url, { headers });
}

describe('npm start (the embedded demo)', () => {
  let demo: ChildProcessWithoutNullStreams;
  let output: string;

  beforeAll(async () => {
    assertBuilt(COMPILED.demo);
    const port = await freePort();
    demo = spawn(process.execPath, [COMPILED.demo], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
    });
    output = await printed(demo, 'Press Ctrl+C to stop.');
  }, 30_000);

  afterAll(async () => {
    const exited = once(demo, 'exit');
    demo.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  it.each([['iOS home:'], ['Android home:']])(
    'the printed %s curl answers 200 with a home screen',
    async (label) => {
      const line = output.split('\n').find((text) => text.includes(label)) ?? '';
      const response = await runCurl(line);
      expect(response.status).toBe(200);
      const body = JSON.parse(response.body) as { user: { userId: string } };
      expect(body.user.userId).toBe('u-1001');
    },
  );

  it.each([
    ['Your orders:', 'orders'],
    ['A product:', 'productId'],
    ['App config:', 'forceUpdate'],
  ])('the printed %s curl answers 200 with that screen', async (label, field) => {
    const line = output.split('\n').find((text) => text.includes(label)) ?? '';
    const response = await runCurl(line);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toHaveProperty(field);
  });

  it('prints the Swagger URL and it serves the docs', async () => {
    const url = /Swagger UI:\s+(\S+)/.exec(output)?.[1] ?? '';
    expect((await rawRequest(url)).status).toBe(200);
  });

  it('npm run demo:token mints a working token for any user', async () => {
    const child = spawn(process.execPath, [COMPILED.demoToken, 'u-1042']);
    let token = '';
    child.stdout.on('data', (chunk: Buffer) => (token += chunk.toString()));
    await once(child, 'exit');
    const line = output.split('\n').find((text) => text.includes('iOS home:')) ?? '';
    const response = await runCurl(line.replace(/Bearer [^"]+/, `Bearer ${token.trim()}`));
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as { user: { userId: string } }).user.userId).toBe('u-1042');
  });
});
