import { RetryBudget } from './retry-budget';

describe(RetryBudget.name, () => {
  it('starts with a small reserve (the retries earned by 20 calls)', () => {
    const budget = new RetryBudget(0.2);
    expect(budget.available()).toBe(4);
  });

  it('allows retries as a share of calls once the reserve is spent', () => {
    const budget = new RetryBudget(0.2);
    let retries = 0;
    for (let call = 0; call < 1_000; call++) {
      budget.deposit();
      // A dead service: every call would like to retry (several times).
      while (budget.tryWithdraw()) retries++;
    }
    // 0.2 per call plus the reserve: a dead service sees ≤ ~1.2× the inbound calls.
    expect(retries).toBeGreaterThanOrEqual(199);
    expect(retries).toBeLessThanOrEqual(200 + 4);
  });

  it('caps what a quiet period banks', () => {
    const budget = new RetryBudget(0.5);
    for (let call = 0; call < 1_000; call++) budget.deposit();
    expect(budget.available()).toBe(10);
  });

  it('never allows a retry with a zero ratio', () => {
    const budget = new RetryBudget(0);
    budget.deposit();
    expect(budget.tryWithdraw()).toBe(false);
  });
});
