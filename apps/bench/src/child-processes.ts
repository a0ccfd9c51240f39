import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** SIGTERM first; a process still there after this long is SIGKILLed. */
const STOP_TIMEOUT_MS = 15_000;
const POLL_INTERVAL_MS = 50;

export interface RunningProcess {
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const alive = new Set<ChildProcess>();
// Last resort when the runner dies without its cleanup (an uncaught error): no orphans.
process.on('exit', () => alive.forEach((child) => child.kill('SIGKILL')));

/** The processes started here and still running. */
export const runningPids = (): number[] => [...alive].flatMap((child) => child.pid ?? []);

/**
 * Starts a program with exactly `env` (nothing inherited but PATH), its stdout and stderr written
 * straight to `logFile` by the OS: the terminal stays readable and the runner does no log I/O.
 */
export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
): RunningProcess {
  const log = openSync(logFile, 'w');
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  alive.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      alive.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      alive.delete(child);
      resolve(-1);
    });
  });
  return {
    pid: child.pid ?? -1,
    logFile,
    exited,
    stop: async () => {
      if (!alive.has(child)) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS, false)]);
      if (!stopped) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Polls `url` until it answers 200. Fails early, with the tail of the log, when the process exits.
 */
export async function waitUntilOk(
  url: string,
  running: RunningProcess,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  let exitCode: number | null | undefined;
  void running.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `${what} exited (code ${exitCode}) before it was ready:\n${logTail(running)}`,
      );
    }
    const status = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 0,
    );
    if (status === 200) return;
    await delay(POLL_INTERVAL_MS);
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${logTail(running)}`);
}

export function logTail(running: RunningProcess, lines = 20): string {
  try {
    return readFileSync(running.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
