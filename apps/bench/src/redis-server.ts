import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startProcess } from './child-processes';
import { freePort } from './free-port';

export interface ThrowawayRedis {
  url: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/**
 * A private redis-server on a free loopback port (never 6379, so a developer's own Redis is never
 * touched), persisting nothing, in a temp dir removed on stop.
 */
export async function startRedis(logFile: string): Promise<ThrowawayRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const redis = startProcess(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    {},
    logFile,
  );
  const stop = async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answersPing(port))) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not answer PING on port ${port} (see ${logFile})`);
    }
    await delay(20);
  }
  return { url: `redis://127.0.0.1:${port}/0`, stop };
}

/** One inline PING over a fresh socket; no client library needed for a readiness probe. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
