import { SupervisedWorker, WorkerSupervisor } from './worker-supervisor';

const POLICY = { firstDelayMs: 100, maxDelayMs: 400, stableAfterMs: 10_000 };

class FakeWorker implements SupervisedWorker {
  readonly signals: NodeJS.Signals[] = [];
  private listeners: Array<(code: number | null, signal: string | null) => void> = [];

  constructor(readonly pid: number) {}

  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
  }

  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.listeners.push(listener);
  }

  exit(code: number | null, signal: string | null = null): void {
    this.listeners.forEach((listener) => listener(code, signal));
  }
}

describe('WorkerSupervisor', () => {
  let forked: FakeWorker[];
  let exits: number[];
  let lines: Array<{ message: string; fields: object }>;
  let supervisor: WorkerSupervisor;

  beforeEach(() => {
    jest.useFakeTimers();
    forked = [];
    exits = [];
    lines = [];
    const record = (fields: object, message: string) => lines.push({ message, fields });
    supervisor = new WorkerSupervisor({
      fork: () => {
        const worker = new FakeWorker(1000 + forked.length);
        forked.push(worker);
        return worker;
      },
      log: { info: record, warn: record },
      exit: (code) => exits.push(code),
      policy: POLICY,
    });
  });

  afterEach(() => jest.useRealTimers());

  it('starts one worker per slot and logs each', () => {
    supervisor.start(3);
    expect(forked.map((worker) => worker.pid)).toEqual([1000, 1001, 1002]);
    expect(lines.filter((line) => line.message === 'worker started')).toHaveLength(3);
  });

  it('replaces a worker that died, after the back-off', () => {
    supervisor.start(2);
    forked[1].exit(null, 'SIGKILL');
    expect(lines.at(-1)).toMatchObject({
      message: 'worker exited: restarting it',
      fields: { slot: 1, workerPid: 1001, signal: 'SIGKILL', restartInMs: 100 },
    });
    jest.advanceTimersByTime(99);
    expect(forked).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(forked).toHaveLength(3);
    expect(lines.at(-1)).toMatchObject({ message: 'worker started', fields: { slot: 1 } });
  });

  it('backs off a crash loop instead of spinning, and forgives a worker that stayed up', () => {
    supervisor.start(1);
    const delays: unknown[] = [];
    for (let crash = 0; crash < 4; crash++) {
      forked.at(-1)!.exit(1);
      delays.push((lines.at(-1)!.fields as { restartInMs: number }).restartInMs);
      jest.runOnlyPendingTimers();
    }
    expect(delays).toEqual([100, 200, 400, 400]);
    jest.advanceTimersByTime(POLICY.stableAfterMs);
    forked.at(-1)!.exit(1);
    expect(lines.at(-1)!.fields).toMatchObject({ restartInMs: 100 });
  });

  it('forwards the signal to every worker, replaces none, and exits 0 once all exited 0', () => {
    supervisor.start(2);
    supervisor.stop('SIGTERM');
    expect(forked.map((worker) => worker.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
    forked[0].exit(0);
    jest.runAllTimers();
    expect(forked).toHaveLength(2);
    expect(exits).toEqual([]);
    forked[1].exit(0);
    expect(exits).toEqual([0]);
  });

  it('exits 1 when a worker did not drain cleanly', () => {
    supervisor.start(2);
    supervisor.stop('SIGINT');
    forked[0].exit(1);
    forked[1].exit(0);
    expect(exits).toEqual([1]);
  });

  it('cancels a restart still waiting when the shutdown begins', () => {
    supervisor.start(2);
    forked[0].exit(null, 'SIGKILL');
    supervisor.stop('SIGTERM');
    expect(forked[1].signals).toEqual(['SIGTERM']);
    forked[1].exit(0);
    jest.runAllTimers();
    expect(forked).toHaveLength(2);
    expect(exits).toEqual([0]);
  });

  it('ignores a second signal', () => {
    supervisor.start(1);
    supervisor.stop('SIGINT');
    supervisor.stop('SIGTERM');
    expect(forked[0].signals).toEqual(['SIGINT']);
  });
});
