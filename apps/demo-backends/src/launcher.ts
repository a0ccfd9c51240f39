import { ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DemoBackends, DemoBackendsOptions, startDemoBackends } from './demo-backends';
import { baseUrl } from './http';
import { DEMO_TOKEN_LIFETIME_SEC } from './identity-provider';

/** Where `nest build` puts the BFF, relative to an ancestor of this file's directory. */
const BFF_MAIN_CANDIDATES = [
  join('bff', 'apps', 'bff', 'src', 'main.js'), // from dist/apps (the compiled layout)
  join('dist', 'apps', 'bff', 'apps', 'bff', 'src', 'main.js'), // from the repository root
];
const READY_POLL_INTERVAL_MS = 200;
const STOP_GRACE_MS = 10_000;

/** Finds the compiled BFF entry point by walking up from `fromDir`; undefined when not built. */
export function findBffMain(fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    for (const candidate of BFF_MAIN_CANDIDATES) {
      const path = join(dir, candidate);
      if (existsSync(path)) return path;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A launch failure; `exitCode` is what the launcher process should exit with. */
export class LaunchError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

export interface LaunchOptions {
  bffMain: string;
  /** Where the BFF listens (its PORT / HOST); wildcard hosts are polled through loopback. */
  bffHost: string;
  bffPort: number;
  backends?: DemoBackendsOptions;
  /** The child's environment; default: this process's. */
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  log: (text: string) => void;
}

export interface RunningDemo {
  backends: DemoBackends;
  bffUrl: string;
  token: string;
  /** Kills the BFF and closes the backends (idempotent). */
  stop(): Promise<void>;
  /** Resolves with the BFF's exit code if it exits on its own (never after stop()). */
  exited: Promise<number>;
}

/** Starts the demo backends, then the BFF as a child process, and waits until it is ready. */
export async function launchDemo(options: LaunchOptions): Promise<RunningDemo> {
  options.log('Starting the demo services and their identity provider...');
  const backends = await startDemoBackends(options.backends);
  const bffUrl = baseUrl(options.bffHost, options.bffPort);
  options.log(`Starting the BFF on ${bffUrl} and waiting until it is ready...`);
  const env = {
    // No load balancer watches the local demo's readiness: stop without the drain delay.
    SHUTDOWN_DRAIN_DELAY_MS: '0',
    // Warnings and errors only, unless asked (LOG_LEVEL=info logs Nest's start and every request).
    LOG_LEVEL: 'warn',
    ...(options.env ?? process.env),
  };
  const child = fork(options.bffMain, [], { env, stdio: 'inherit' });
  let stopping = false;
  const childExit = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? exitCodeOf(signal)));
    child.once('error', () => resolve(1));
  });

  const stop = async (): Promise<void> => {
    if (!stopping) {
      stopping = true;
      await killChild(child, childExit);
    }
    await backends.close();
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const outcome = await Promise.race([
    waitUntilReady(`${bffUrl}/health/ready`, readyTimeoutMs, () => hasExited(child)),
    childExit.then((code) => ({ exitedWith: code })),
  ]);
  if (outcome !== true) {
    await stop();
    if (typeof outcome === 'object') {
      throw new LaunchError(
        `The BFF exited (code ${outcome.exitedWith}) before it was ready.`,
        outcome.exitedWith || 1,
      );
    }
    throw new LaunchError(
      `The BFF did not answer 200 on ${bffUrl}/health/ready within ${readyTimeoutMs / 1000} s.`,
    );
  }

  const token = await backends.idp.mint({ sub: 'u-1001', expiresInSec: DEMO_TOKEN_LIFETIME_SEC });
  options.log(usage(bffUrl, token));
  const exited = childExit.then(async (code) => {
    if (stopping) return new Promise<number>(() => undefined);
    await backends.close();
    return code;
  });
  return { backends, bffUrl, token, stop, exited };
}

/** Polls until `url` answers 200; false after `timeoutMs` or once `gaveUp()` is true. */
export async function waitUntilReady(
  url: string,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gaveUp()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.status === 200) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(READY_POLL_INTERVAL_MS);
  }
  return false;
}

export function usage(bffUrl: string, token: string): string {
  return [
    'Mobile BFF demo is running.',
    `  iOS home:      curl -H "Authorization: Bearer ${token}" ${bffUrl}/ios/v1/home`,
    `  Android home:  curl -H "Authorization: Bearer ${token}" -H "X-Display-Density: xhdpi" ` +
      `${bffUrl}/android/v1/home`,
    `  Your orders:   curl -H "Authorization: Bearer ${token}" "${bffUrl}/ios/v1/orders?limit=5"`,
    `  A product:     curl ${bffUrl}/ios/v1/products/p-202`,
    `  App config:    curl -H "X-App-Version: 5.0.0" ${bffUrl}/android/v1/config`,
    `  Swagger UI:    ${bffUrl}/docs`,
    '  New token:     npm run demo:token -- <userId>',
    '  Request logs:  LOG_LEVEL=info npm start',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** The shell convention: 128 + the signal number for a process killed by a signal. */
function exitCodeOf(signal: NodeJS.Signals | null): number {
  return signal === null ? 1 : 128 + (constants.signals[signal] ?? 0);
}

async function killChild(child: ChildProcess, exit: Promise<number>): Promise<void> {
  if (hasExited(child)) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exit;
  clearTimeout(timer);
}
