import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, JSONWebKeySet, jwtVerify } from 'jose';
import { LaunchError, findBffMain, launchDemo, waitUntilReady } from './launcher';
import { rawRequest } from './testing/raw-http';

/** A stand-in for the compiled BFF: serves /health/ready on PORT, exits on SIGTERM. */
const FAKE_BFF = `
const http = require('node:http');
if (process.env.FAKE_EXIT_AT_ONCE) process.exit(Number(process.env.FAKE_EXIT_AT_ONCE));
let readyIn = Number(process.env.FAKE_READY_AFTER || 0);
const server = http.createServer((req, res) => {
  if (req.url === '/exit') { res.end(); setImmediate(() => process.exit(3)); return; }
  res.statusCode = req.url === '/health/ready' && readyIn-- <= 0 ? 200 : 503;
  res.end('{}');
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

describe(launchDemo.name, () => {
  let root: string;
  let bffMain: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'demo-launcher-'));
    const bffDir = join(root, 'dist', 'apps', 'bff', 'apps', 'bff', 'src');
    mkdirSync(bffDir, { recursive: true });
    mkdirSync(join(root, 'dist', 'apps', 'demo-backends', 'apps', 'demo-backends', 'src'), {
      recursive: true,
    });
    bffMain = join(bffDir, 'main.js');
    writeFileSync(bffMain, FAKE_BFF);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const launch = async (env: Record<string, string> = {}) => {
    const port = await freePort();
    const lines: string[] = [];
    const demo = await launchDemo({
      bffMain,
      bffHost: '0.0.0.0',
      bffPort: port,
      env: { PATH: process.env.PATH, PORT: String(port), ...env },
      readyTimeoutMs: 5_000,
      log: (text) => lines.push(text),
    });
    return { demo, port, lines };
  };

  it('finds the compiled BFF from the compiled launcher and from the repository root', () => {
    const compiledLauncherDir = join(root, 'dist/apps/demo-backends/apps/demo-backends/src');
    expect(findBffMain(compiledLauncherDir)).toBe(bffMain);
    expect(findBffMain(root)).toBe(bffMain);
    expect(findBffMain(tmpdir())).toBeUndefined();
  });

  it('starts the BFF, waits until it is ready, prints a working token, and stops', async () => {
    const { demo, port, lines } = await launch({ FAKE_READY_AFTER: '2' });
    try {
      const text = lines.join('\n');
      expect(text).toContain('Mobile BFF demo is running.');
      expect(text).toContain(
        `curl -H "Authorization: Bearer ${demo.token}" http://127.0.0.1:${port}/ios/v1/home`,
      );
      expect(text).toContain(`http://127.0.0.1:${port}/docs`);
      expect(text).toContain('npm run demo:token -- <userId>');
      const jwks = JSON.parse((await rawRequest(demo.backends.idp.jwksUri)).body) as JSONWebKeySet;
      const { payload } = await jwtVerify(demo.token, createLocalJWKSet(jwks));
      expect(payload.sub).toBe('u-1001');
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(24 * 60 * 60);
    } finally {
      await demo.stop();
    }
    await expect(rawRequest(`http://127.0.0.1:${port}/health/ready`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await expect(rawRequest(demo.backends.idp.jwksUri)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('reports the code of a BFF that exits on its own, after closing the backends', async () => {
    const { demo, port } = await launch();
    await rawRequest(`http://127.0.0.1:${port}/exit`);
    await expect(demo.exited).resolves.toBe(3);
    await expect(rawRequest(demo.backends.urls.users)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('fails with the exit code of a BFF that dies before it is ready', async () => {
    const failure = launch({ FAKE_EXIT_AT_ONCE: '7' });
    await expect(failure).rejects.toBeInstanceOf(LaunchError);
    await expect(failure).rejects.toMatchObject({ exitCode: 7 });
  });
});

describe(waitUntilReady.name, () => {
  it('gives up after the timeout when nothing answers', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(waitUntilReady(`http://127.0.0.1:${port}/health/ready`, 300)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
