import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunningProcess, startProcess, waitUntilOk } from './child-processes';
import { freePort } from './free-port';
import { startRedis } from './redis-server';
import { BENCH_DIR, BFF_MAIN, productionNodeFlags } from './repo-paths';
import { Target, getText } from './target';

export type BffKind = 'miss' | 'cached';

/** miss: no screen or product reuse, so every request makes all its downstream calls. */
const KIND_ENVIRONMENT: Record<BffKind, Record<string, string>> = {
  miss: { CACHE_SCREEN_TTL_MS: '0', CACHE_PRODUCT_TTL_MS: '0' },
  cached: {},
};

/**
 * Settings the BFF is expected to read soon, given now so the bench needs no change then. A build
 * that rejects one (today's validates TRUSTED_PROXIES as an address list) is started without it.
 */
const UPCOMING_SETTINGS: Record<string, string> = {
  TRUSTED_PROXIES: 'none',
  AUTH_JWKS_ALLOW_HTTP: 'true',
  SERVER_TIMING_ALLOW: '*',
};

const REJECTED_SETTING = /^Invalid configuration: ([A-Z0-9_]+):/gm;

/**
 * The compiled BFF exactly as `npm run start:prod` runs it (production, configured by environment
 * only), with a Redis of its own, logging at info to a file, as `workers` processes. `notes`
 * collects what the reader of the results should know (e.g. a setting left out).
 */
export async function startBff(
  kind: BffKind,
  contractEnv: Record<string, string>,
  notes: string[],
  nodeArgs: string[] = [],
  workers = 1,
): Promise<Target> {
  if (!existsSync(BFF_MAIN)) throw new Error(`${BFF_MAIN} is missing: run nest build bff first`);
  const redis = await startRedis(join(BENCH_DIR, `redis-${kind}.log`));
  const logFile = join(BENCH_DIR, `bff-${kind}.log`);
  const environment: Record<string, string> = {
    ...contractEnv,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    REDIS_URL: redis.url,
    // Nobody balances load in front of it: a drain delay would only make every stop 5 s longer.
    SHUTDOWN_DRAIN_DELAY_MS: '0',
    ...UPCOMING_SETTINGS,
    ...KIND_ENVIRONMENT[kind],
    WEB_CONCURRENCY: String(workers),
  };
  if (workers > 1) {
    // The measured pid is the cluster primary, and each /metrics scrape reaches one worker.
    notes.push(
      `BFF with ${workers} workers: its CPU ms/req, RSS and downstream calls/req are the primary's or one worker's; compare req/s and p99`,
    );
  }
  try {
    const { running, port } = await launch(kind, environment, logFile, nodeArgs).catch(
      async (error) => {
        const rejected = rejectedUpcomingSettings(logFile);
        if (rejected.length === 0) throw error;
        for (const name of rejected) delete environment[name];
        const settings = rejected.map((name) => `${name}=${UPCOMING_SETTINGS[name]}`).join(', ');
        notes.push(`this BFF build rejects ${settings}: started without it`);
        return launch(kind, environment, logFile, nodeArgs);
      },
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    return {
      name: 'BFF',
      baseUrl,
      pid: running.pid,
      logFile,
      downstreamCalls: async () =>
        sumOfSeries(await getText(`${baseUrl}/metrics`), 'downstream_calls_total'),
      stop: async () => {
        await running.stop();
        await redis.stop();
      },
    };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}

async function launch(
  kind: BffKind,
  environment: Record<string, string>,
  logFile: string,
  nodeArgs: string[],
): Promise<{ running: RunningProcess; port: number }> {
  const port = await freePort();
  const running = startProcess(
    process.execPath,
    [...productionNodeFlags(), ...nodeArgs, BFF_MAIN],
    { ...environment, PORT: String(port) },
    logFile,
  );
  try {
    await waitUntilOk(`http://127.0.0.1:${port}/health/ready`, running, `the BFF (${kind})`);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return { running, port };
}

/** The upcoming settings a failed start named as invalid; empty when anything else failed. */
function rejectedUpcomingSettings(logFile: string): string[] {
  const log = readFileSync(logFile, 'utf8');
  const named = [...log.matchAll(REJECTED_SETTING)].map((match) => match[1]);
  return named.length > 0 && named.every((name) => name in UPCOMING_SETTINGS) ? named : [];
}

/** The sum of every series of a Prometheus counter (all services, all outcomes). */
function sumOfSeries(exposition: string, metric: string): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}
