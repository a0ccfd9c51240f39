import { join } from 'node:path';
import { startProcess, waitUntilOk } from './child-processes';
import { freePort } from './free-port';
import { Target, getText } from './target';

/** The hand-written fan-out (`minimal-fanout/main.js`) in its own process, on a free port. */
export async function startMinimal(
  contractEnv: Record<string, string>,
  logFile: string,
  nodeArgs: string[] = [],
): Promise<Target> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const script = join(__dirname, 'minimal-fanout', 'main.js');
  const running = startProcess(
    process.execPath,
    [...nodeArgs, script],
    { ...contractEnv, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port) },
    logFile,
  );
  try {
    await waitUntilOk(`${baseUrl}/health`, running, 'the minimal fan-out');
  } catch (error) {
    await running.stop();
    throw error;
  }
  return {
    name: 'minimal',
    baseUrl,
    pid: running.pid,
    logFile,
    downstreamCalls: async () =>
      (JSON.parse(await getText(`${baseUrl}/__stats`)) as { downstreamCalls: number })
        .downstreamCalls,
    stop: () => running.stop(),
  };
}
