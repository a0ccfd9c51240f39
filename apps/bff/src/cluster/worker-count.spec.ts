import { availableParallelism } from 'node:os';
import { workerCount } from './worker-count';

describe('workerCount', () => {
  it('takes a number as it is', () => {
    expect(workerCount(3, 8)).toBe(3);
  });

  it('gives one worker per available core for auto', () => {
    expect(workerCount('auto', 6)).toBe(6);
    expect(workerCount('auto')).toBe(availableParallelism());
  });
});
