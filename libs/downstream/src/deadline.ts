import { performance } from 'node:perf_hooks';

/** A point in monotonic time by which work must be done; shared by every call of one request. */
export class Deadline {
  private constructor(private readonly expiresAt: number) {}

  /** `budgetMs` after `startedAt` (a performance.now() reading, e.g. when the request arrived). */
  static after(budgetMs: number, startedAt: number = performance.now()): Deadline {
    return new Deadline(startedAt + budgetMs);
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - performance.now());
  }

  /** Resolves when the deadline passes; the timer does not keep the process alive. */
  expiry(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.ceil(this.remainingMs())).unref());
  }
}
