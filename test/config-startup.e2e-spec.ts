import { spawn } from 'node:child_process';
import { assertBuilt, COMPILED } from './support/compiled';

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  USERS_SERVICE_URL: 'http://127.0.0.1:9',
  ORDERS_SERVICE_URL: 'http://127.0.0.1:9',
  CATALOG_SERVICE_URL: 'http://127.0.0.1:9',
  NOTIFICATIONS_SERVICE_URL: 'http://127.0.0.1:9',
  CONFIG_SERVICE_URL: 'http://127.0.0.1:9',
  UPSTREAM_SERVICE_TOKEN: 'token',
  AUTH_JWKS_URI: 'https://127.0.0.1:9/jwks.json',
  AUTH_ISSUER: 'https://idp.example/',
  AUTH_AUDIENCE: 'mobile',
  TRUSTED_PROXIES: 'none',
};

/** Runs the compiled BFF with exactly this environment and collects how it ended. */
function runBff(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COMPILED.bff], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

describe('BFF start-up configuration', () => {
  beforeAll(() => assertBuilt(COMPILED.bff));

  it.each(Object.keys(PRODUCTION_ENV).filter((name) => name !== 'NODE_ENV'))(
    'exits 1 naming %s when production lacks it',
    async (missing) => {
      const env: Record<string, string> = { ...PRODUCTION_ENV };
      delete env[missing];
      const { code, stderr } = await runBff(env);
      expect(code).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines).toEqual([
        `Invalid configuration: ${missing}: ${missing} is required when NODE_ENV=production`,
      ]);
    },
  );

  it('lists every bad variable, one line each, without a stack trace', async () => {
    const { code, stderr } = await runBff({
      ...PRODUCTION_ENV,
      PORT: 'http',
      AUTH_JWKS_URI: 'ftp://x',
      LOG_LEVEL: 'chatty',
    });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines.map((line) => line.split(':')[1].trim())).toEqual([
      'PORT',
      'AUTH_JWKS_URI',
      'LOG_LEVEL',
    ]);
    expect(stderr).not.toMatch(/\bat .*\(|Error:/);
  });

  it('refuses unsafe production settings, one line each', async () => {
    const { code, stderr } = await runBff({
      ...PRODUCTION_ENV,
      AUTH_JWKS_URI: 'http://idp.internal/jwks.json',
      UPSTREAM_SERVICE_TOKEN: 'demo-service-token',
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'Invalid configuration: AUTH_JWKS_URI: must be https in production (AUTH_JWKS_ALLOW_HTTP=true for a trusted network)',
      'Invalid configuration: UPSTREAM_SERVICE_TOKEN: the demo token is refused in production',
    ]);
  });
});
