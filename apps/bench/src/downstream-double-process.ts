import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { DoubleService } from './downstream-double';

export interface DoubleCounters {
  calls: Record<string, number>;
  bytesSent: Record<string, number>;
}

export type DoubleMessage =
  | { type: 'ready'; urls: Record<DoubleService, string>; serviceToken: string }
  | { type: 'counters?' }
  | { type: 'counters'; counters: DoubleCounters };

export interface DoubleProcess {
  pid: number;
  urls: Record<DoubleService, string>;
  serviceToken: string;
  /** Totals since start; the bench works with differences. */
  counters(): Promise<{ calls: number; bytesSent: number }>;
  stop(): Promise<void>;
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

/** Forks `downstream-double-main` and waits until its five services listen. */
export async function startDoubleProcess(serviceToken: string): Promise<DoubleProcess> {
  const child = fork(join(__dirname, 'downstream-double-main.js'), [], {
    env: { PATH: process.env.PATH ?? '', DOUBLE_SERVICE_TOKEN: serviceToken },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error('the downstream double exited before it was ready');
    }),
  ])) as [DoubleMessage];
  if (ready.type !== 'ready') throw new Error(`unexpected message from the double: ${ready.type}`);

  return {
    pid: child.pid ?? -1,
    urls: ready.urls,
    serviceToken: ready.serviceToken,
    counters: async () => {
      const answer = nextCounters(child);
      child.send({ type: 'counters?' } satisfies DoubleMessage);
      const counters = await answer;
      return { calls: sum(counters.calls), bytesSent: sum(counters.bytesSent) };
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

function nextCounters(child: ChildProcess): Promise<DoubleCounters> {
  return new Promise((resolve) => {
    const onMessage = (message: DoubleMessage) => {
      if (message.type !== 'counters') return;
      child.off('message', onMessage);
      resolve(message.counters);
    };
    child.on('message', onMessage);
  });
}
