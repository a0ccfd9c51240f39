/** At most the retries earned by this many calls can be banked during a quiet period. */
const BANKED_CALLS = 20;
/** Sums of fractional deposits (0.2 × 5) may land a hair under 1. */
const EPSILON = 1e-9;

/**
 * A token bucket that keeps retries a share of live traffic: every call deposits `ratio` tokens,
 * every retry spends one. A dead service therefore receives at most ~(1 + ratio)× the inbound
 * rate, plus the small banked reserve, however many attempts a single call may make.
 */
export class RetryBudget {
  private readonly capacity: number;
  private tokens: number;

  constructor(private readonly ratio: number) {
    this.capacity = ratio > 0 ? Math.max(1, ratio * BANKED_CALLS) : 0;
    this.tokens = this.capacity;
  }

  /** A first attempt was made. */
  deposit(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.ratio);
  }

  /** Spends one token for a retry; false when the budget is exhausted (do not retry). */
  tryWithdraw(): boolean {
    if (this.tokens < 1 - EPSILON) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Retries currently affordable (for tests and diagnostics). */
  available(): number {
    return Math.floor(this.tokens + EPSILON);
  }
}
