import cluster, { Worker } from 'node:cluster';
import { pino } from 'pino';
import { RESTART_POLICY } from './restart-backoff';
import { SupervisedWorker, WorkerSupervisor } from './worker-supervisor';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * WEB_CONCURRENCY > 1: this process only supervises `count` workers sharing the port(s) through
 * node:cluster; it never loads the Nest app, so it stays small. Its lines are JSON, named
 * `primary`, next to the workers' own on the same stdout.
 */
export function runPrimary(count: number, logLevel: string): void {
  const log = pino({ name: 'primary', level: logLevel });
  const supervisor = new WorkerSupervisor({
    fork: () => supervised(cluster.fork()),
    log,
    exit: (code) => process.exit(code),
    policy: RESTART_POLICY,
  });
  cluster.on('listening', (worker, address) =>
    log.info({ workerPid: worker.process.pid, port: address.port }, 'worker listening'),
  );
  for (const signal of SIGNALS) process.on(signal, () => supervisor.stop(signal));
  supervisor.start(count);
}

function supervised(worker: Worker): SupervisedWorker {
  return {
    pid: worker.process.pid,
    kill: (signal) => worker.process.kill(signal),
    onExit: (listener) => worker.on('exit', (code, signal) => listener(code, signal || null)),
  };
}
