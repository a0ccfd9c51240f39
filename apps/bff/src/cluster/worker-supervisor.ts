import { RestartBackoff, RestartPolicy } from './restart-backoff';

/** What the supervisor needs of a worker process: a node:cluster worker, or a test's fake. */
export interface SupervisedWorker {
  readonly pid: number | undefined;
  kill(signal: NodeJS.Signals): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
}

/** The primary's log (a pino logger): one JSON line per worker event. */
export interface PrimaryLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface SupervisorDependencies {
  fork(): SupervisedWorker;
  log: PrimaryLog;
  exit(code: number): void;
  policy: RestartPolicy;
  now?: () => number;
}

/**
 * Keeps `count` workers running: a worker that exits is replaced after its slot's back-off. On a
 * signal, every worker gets it and drains on its own (apps/bff/src/lifecycle); none is replaced
 * any more, and the primary exits once all have exited: 0 if every one of them exited with 0.
 */
export class WorkerSupervisor {
  private readonly live = new Set<SupervisedWorker>();
  private readonly pendingRestarts = new Set<NodeJS.Timeout>();
  private stopping = false;
  private shutdownFailed = false;
  private readonly now: () => number;

  constructor(private readonly deps: SupervisorDependencies) {
    this.now = deps.now ?? Date.now;
  }

  start(count: number): void {
    for (let slot = 0; slot < count; slot++) {
      this.startWorker(slot, new RestartBackoff(this.deps.policy));
    }
  }

  stop(signal: NodeJS.Signals): void {
    const { log } = this.deps;
    if (this.stopping) return log.warn({ signal }, 'already shutting down');
    this.stopping = true;
    this.pendingRestarts.forEach((timer) => clearTimeout(timer));
    this.pendingRestarts.clear();
    log.info({ signal, workers: this.live.size }, 'shutting down: draining every worker');
    for (const worker of this.live) worker.kill(signal);
    this.exitOnceAllExited();
  }

  private startWorker(slot: number, backoff: RestartBackoff): void {
    const { log } = this.deps;
    const worker = this.deps.fork();
    const startedAt = this.now();
    this.live.add(worker);
    log.info({ slot, workerPid: worker.pid }, 'worker started');
    worker.onExit((code, signal) => {
      this.live.delete(worker);
      const fields = { slot, workerPid: worker.pid, code, signal };
      if (this.stopping) {
        if (code !== 0) this.shutdownFailed = true;
        log.info(fields, 'worker exited');
        return this.exitOnceAllExited();
      }
      const restartInMs = backoff.delayAfter(this.now() - startedAt);
      log.warn({ ...fields, restartInMs }, 'worker exited: restarting it');
      const timer = setTimeout(() => {
        this.pendingRestarts.delete(timer);
        this.startWorker(slot, backoff);
      }, restartInMs);
      this.pendingRestarts.add(timer);
    });
  }

  private exitOnceAllExited(): void {
    if (this.live.size > 0) return;
    const code = this.shutdownFailed ? 1 : 0;
    this.deps.log.info({ code }, 'every worker exited');
    this.deps.exit(code);
  }
}
