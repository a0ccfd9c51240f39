/**
 * A point in monotonic time by which work must be done; shared by every call of one request.
 * (The global `performance`, which fake timers in tests control too.)
 */
export class Deadline {
  private constructor(private readonly expiresAt: number) {}

  /** `budgetMs` after `startedAt` (a performance.now() reading, e.g. when the request arrived). */
  static after(budgetMs: number, startedAt: number = performance.now()): Deadline {
    return new Deadline(startedAt + budgetMs);
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - performance.now());
  }
}

/** The abort reason of a call context whose deadline passed (anything else means "cancelled"). */
export class DeadlineExceeded extends Error {
  constructor() {
    super('the request deadline passed');
    this.name = 'DeadlineExceeded';
  }
}
