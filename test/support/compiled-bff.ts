import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { DemoBackends } from '../../apps/demo-backends/src';
import { environmentFor } from './bff-harness';
import { assertBuilt, COMPILED } from './compiled';
import { freePort } from './ports';

export interface CompiledBff {
  process: ChildProcessWithoutNullStreams;
  baseUrl: string;
}

/**
 * The compiled BFF in a process of its own, exactly as `npm run start:prod` runs it (production
 * mode, configured only by environment), pointed at these demo services, on a free port.
 */
/** Production refuses the demo's service token: demo services for a compiled BFF use this one. */
export const PRODUCTION_SERVICE_TOKEN = 'compiled-bff-service-token';

export async function spawnCompiledBff(
  backends: DemoBackends,
  env: Record<string, string> = {},
): Promise<CompiledBff> {
  assertBuilt(COMPILED.bff);
  const port = await freePort();
  const child = spawn(process.execPath, [COMPILED.bff], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      // Loopback demo services: plain-http JWKS on a trusted network, no proxy in front.
      AUTH_JWKS_ALLOW_HTTP: 'true',
      TRUSTED_PROXIES: 'none',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...environmentFor(backends),
      ...env,
    },
  });
  return { process: child, baseUrl: `http://127.0.0.1:${port}` };
}
