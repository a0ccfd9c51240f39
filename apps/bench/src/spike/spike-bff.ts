import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { startProcess, waitUntilOk } from '../child-processes';
import { freePort } from '../free-port';
import { waitUntilIdle } from '../proc-stats';
import { BFF_MAIN, productionNodeFlags } from '../repo-paths';

export interface SpikeBff {
  baseUrl: string;
  pid: number;
  /** The BFF's processes now: the primary and, in cluster mode, its workers. */
  pids(): number[];
  stop(): Promise<void>;
}

/**
 * The compiled BFF as `npm run start:prod` runs it, asked for `workers` processes
 * (WEB_CONCURRENCY), on a Redis shared by all of them, with production limits (the defaults).
 */
export async function startSpikeBff(
  contractEnv: Record<string, string>,
  workers: number,
  redisUrl: string,
  logFile: string,
): Promise<SpikeBff> {
  if (!existsSync(BFF_MAIN)) throw new Error(`${BFF_MAIN} is missing: run nest build bff first`);
  const port = await freePort();
  const running = startProcess(
    process.execPath,
    [...productionNodeFlags(), BFF_MAIN],
    {
      ...contractEnv,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      REDIS_URL: redisUrl,
      WEB_CONCURRENCY: String(workers),
      TRUSTED_PROXIES: 'none',
      // The bench's identity provider serves its JWKS over plain loopback HTTP.
      AUTH_JWKS_ALLOW_HTTP: 'true',
      // Nobody balances load in front of it: a drain delay would only make the stop longer.
      SHUTDOWN_DRAIN_DELAY_MS: '0',
    },
    logFile,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilOk(`${baseUrl}/health/ready`, running, 'the BFF');
  } catch (error) {
    await running.stop();
    throw error;
  }
  // Ready means one process listens; the others may still be starting: wait until all are quiet.
  for (const pid of [running.pid, ...childrenOf(running.pid)]) await waitUntilIdle(pid);
  return {
    baseUrl,
    pid: running.pid,
    pids: () => [running.pid, ...childrenOf(running.pid)],
    stop: () => running.stop(),
  };
}

/** Processes whose parent is `pid` (the cluster's workers), from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // Ended while we looked.
    }
  }
  return children;
}
